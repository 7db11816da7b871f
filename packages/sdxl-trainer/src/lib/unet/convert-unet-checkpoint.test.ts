import '@tensorflow/tfjs-backend-cpu';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import type { SafetensorsWriteEntry } from '../../types/safetensors.js';
import type { UNetSavePretrainedOptions } from '../../types/unet.js';
import { SafetensorsKeyMismatchError, SafetensorsNonFiniteError } from '../safetensors/errors.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import { writeSafetensorsCheckpoint } from '../safetensors/write-safetensors-checkpoint.js';
import { convertUnetCheckpoint } from './convert-unet-checkpoint.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

const FIXTURE_UNET = path.join(SHARED.tinyPipeline, 'unet');
const WEIGHTS = 'diffusion_pytorch_model.safetensors';
// Loading the tiny UNet takes a second alone, far more when the machine's cores are shared.
const TIMEOUT_MS = 60_000;

const filesOf = async (dir: string) =>
  Object.fromEntries(
    await Promise.all(
      (await readdir(dir)).sort().map(async (file) => [file, await readFile(path.join(dir, file))] as const),
    ),
  );

/** The fixture's tensors, rewritten with `edit` applied, into `dir` in the requested layout. */
async function writeEditedCopy(
  dir: string,
  edit: (entries: SafetensorsWriteEntry[]) => SafetensorsWriteEntry[],
  options: { variant?: string; maxShardBytes?: number } = {},
): Promise<void> {
  const tensors = await loadSafetensors(path.join(FIXTURE_UNET, WEIGHTS));
  const entries = [...tensors.values()].map(({ name, shape, data }) => ({
    name,
    shape,
    dtype: 'F32' as const,
    data,
  }));
  await writeSafetensorsCheckpoint(dir, edit(entries), options);
  await copyFile(path.join(FIXTURE_UNET, 'config.json'), path.join(dir, 'config.json'));
}

/**
 * Source dtype -> target dtypes checked against the reference: every target from the diffusers fixture
 * (F32), and for the half-precision sources a same-dtype re-save (re-pushing a downloaded model) and a
 * change of width. Each reference costs a savePretrained, so not all nine pairs are run.
 */
const CASES = {
  F32: ['float32', 'float16', 'bfloat16'],
  F16: ['float16', 'bfloat16'],
  BF16: ['bfloat16', 'float32'],
} as const satisfies Record<string, readonly UNetSavePretrainedOptions['dtype'][]>;
type SourceDtype = keyof typeof CASES;

describe('convertUnetCheckpoint', () => {
  let work: string;
  /** What load + savePretrained writes, per source and target dtype: the bytes conversion must match. */
  const expected = new Map<string, Record<string, Buffer>>();
  const savedDir = (source: SourceDtype, dtype: string) => path.join(work, `saved-${source}-${dtype}`);
  /** The F32 source is the diffusers fixture; the F16 and BF16 sources are its own re-saves. */
  const sourceDir = (source: SourceDtype) =>
    source === 'F32' ? FIXTURE_UNET : savedDir('F32', source === 'F16' ? 'float16' : 'bfloat16');

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pixel-convert-unet-'));
    for (const [source, dtypes] of Object.entries(CASES) as [SourceDtype, readonly string[]][]) {
      const unet = await UNet2DConditionModel.fromPretrained(sourceDir(source));
      for (const dtype of dtypes as UNetSavePretrainedOptions['dtype'][]) {
        await unet.savePretrained(savedDir(source, dtype), { dtype });
        expected.set(`${source} ${dtype}`, await filesOf(savedDir(source, dtype)));
      }
      unet.dispose();
    }
  }, TIMEOUT_MS);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const target = useTemporaryDirectory('convert-unet-target');

  it.each(
    Object.entries(CASES).flatMap(([source, dtypes]) => dtypes.map((dtype) => [source, dtype] as const)),
  )(
    'writes a %s source in %s byte-identical to fromPretrained + savePretrained, allocating no tensor',
    async (source, dtype) => {
      const tensorsBefore = tf.memory().numTensors;
      await convertUnetCheckpoint(sourceDir(source as SourceDtype), target(), { dtype });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      const written = await filesOf(target());
      const reference = expected.get(`${source} ${dtype}`)!;
      expect(Object.keys(written)).toEqual(['config.json', WEIGHTS]);
      expect(written['config.json']!.toString()).toBe(reference['config.json']!.toString());
      expect(written[WEIGHTS]!.equals(reference[WEIGHTS]!)).toBe(true);
    },
  );

  it('reads a sharded variant checkpoint as fromPretrained does (same bytes as the single file)', async () => {
    const source = path.join(target(), 'sharded');
    await writeEditedCopy(source, (entries) => entries.reverse(), {
      variant: 'ema',
      maxShardBytes: 2_000_000,
    });
    expect((await readdir(source)).filter((file) => file.includes('-of-')).length).toBeGreaterThan(2);
    const out = path.join(target(), 'out');
    await expect(convertUnetCheckpoint(source, out, { dtype: 'bfloat16' })).rejects.toThrow(
      'no diffusion_pytorch_model.safetensors or diffusion_pytorch_model.safetensors.index.json',
    );
    await convertUnetCheckpoint(source, out, { dtype: 'bfloat16', variant: 'ema' });
    expect((await readFile(path.join(out, WEIGHTS))).equals(expected.get('F32 bfloat16')![WEIGHTS]!)).toBe(
      true,
    );
  });

  it('refuses a checkpoint that does not match the config, naming every key, before writing anything', async () => {
    const source = path.join(target(), 'mismatched');
    await writeEditedCopy(source, (entries) =>
      entries
        .filter((entry) => entry.name !== 'conv_in.bias')
        .map((entry) =>
          entry.name === 'conv_out.bias' ? { ...entry, shape: [2, 2], data: new Float32Array(4) } : entry,
        ),
    );
    const out = path.join(target(), 'out');
    const failure = convertUnetCheckpoint(source, out, { dtype: 'bfloat16' });
    await expect(failure).rejects.toThrow(SafetensorsKeyMismatchError);
    await expect(failure).rejects.toThrow(
      /missing keys \(1\): conv_in\.bias.*\n.*conv_out\.bias is \[2, 2\]/,
    );
    await expect(readdir(out)).rejects.toThrow('ENOENT');
  });

  it('refuses integer weights by name before writing anything', async () => {
    const source = path.join(target(), 'integer');
    await writeEditedCopy(source, (entries) =>
      entries.map((entry) =>
        entry.name === 'conv_in.bias'
          ? { ...entry, dtype: 'I32' as const, data: new Int32Array(entry.shape[0]!) }
          : entry,
      ),
    );
    const out = path.join(target(), 'out');
    await expect(convertUnetCheckpoint(source, out, { dtype: 'bfloat16' })).rejects.toThrow(
      'UNet weights must be floating point (F32, F16, BF16 or F64); "conv_in.bias" is I32.',
    );
    await expect(readdir(out)).rejects.toThrow('ENOENT');
  });

  it('reports NaN/Inf weights by name as the loader does, leaving an existing target untouched', async () => {
    const source = path.join(target(), 'diverged');
    const poisoned = new Set(['conv_in.weight', 'mid_block.resnets.0.conv1.bias']);
    await writeEditedCopy(source, (entries) =>
      entries.map((entry) => {
        if (!poisoned.has(entry.name)) return entry;
        const data = Float32Array.from(entry.data as Float32Array);
        data[0] = Number.NaN;
        data[1] = Number.POSITIVE_INFINITY;
        return { ...entry, data };
      }),
    );
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: Error) => error,
      );
    const loaderError = await failure(UNet2DConditionModel.fromPretrained(source));
    expect(loaderError).toBeInstanceOf(SafetensorsNonFiniteError);

    const out = path.join(target(), 'out');
    await mkdir(out);
    await writeFile(path.join(out, WEIGHTS), 'previous upload');
    const error = await failure(convertUnetCheckpoint(source, out, { dtype: 'bfloat16' }));
    expect(error).toBeInstanceOf(SafetensorsNonFiniteError);
    expect(error?.message).toBe(loaderError?.message);
    expect([...(error as SafetensorsNonFiniteError).counts]).toEqual([
      ['conv_in.weight', 2],
      ['mid_block.resnets.0.conv1.bias', 2],
    ]);
    expect(await readdir(out)).toEqual([WEIGHTS]);
    expect(await readFile(path.join(out, WEIGHTS), 'utf8')).toBe('previous upload');
  });

  it('refuses an unknown dtype and converting a folder onto itself', async () => {
    await expect(
      convertUnetCheckpoint(FIXTURE_UNET, target(), { dtype: 'float64' as 'float32' }),
    ).rejects.toThrow('Unsupported UNet dtype "float64": use float32, float16 or bfloat16.');
    await expect(
      convertUnetCheckpoint(sourceDir('BF16'), `${sourceDir('BF16')}/`, { dtype: 'float32' }),
    ).rejects.toThrow('converting in place could lose the source');
  });
});
