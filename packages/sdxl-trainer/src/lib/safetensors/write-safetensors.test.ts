import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED, useTemporaryDirectory } from '@pixel-tools/test-support';
import type { SafetensorsWriteEntry } from '../../types/safetensors.js';
import { loadSafetensors } from './load-safetensors.js';
import { readSafetensors } from './read-safetensors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { writeSafetensors } from './write-safetensors.js';

const fixtures = SHARED.fixtures;

const dir = useTemporaryDirectory('safetensors-write');

/** Rewrites a file from what the reader returns, handing the writer the tensors in reverse file order. */
async function rewrite(source: string, target: string): Promise<void> {
  const header = await readSafetensorsHeader(source);
  const entries: SafetensorsWriteEntry[] = [];
  for await (const { name, dtype, shape, data } of readSafetensors(source))
    entries.push({ name, dtype, shape, data });
  await writeSafetensors(target, entries.reverse(), { metadata: header.metadata });
}

describe('writeSafetensors', () => {
  it.each([
    'sdxl-unet-vae-tiny/diffusion_pytorch_model.safetensors',
    'sdxl-unet-vae-tiny/vae/diffusion_pytorch_model.safetensors',
    'sdxl-unet-vae-tiny/fixture.safetensors',
    'tiny-sdxl-pipe/expected.safetensors',
    'tiny-sdxl-pipe/text_encoder_2/model.safetensors',
  ])('rewrites %s byte for byte as Python safetensors wrote it', async (file) => {
    const target = path.join(dir(), 'out.safetensors');
    await rewrite(path.join(fixtures, file), target);
    const [expected, actual] = await Promise.all([readFile(path.join(fixtures, file)), readFile(target)]);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
  });

  it('writes F16 and BF16 with round-to-nearest-even and reads them back as float32', async () => {
    const values = new Float32Array([1, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65520, 2 ** -25, -0, NaN, -Infinity]);
    const target = path.join(dir(), 'halves.safetensors');
    await writeSafetensors(target, [
      { name: 'half', dtype: 'F16', shape: [8], data: values },
      { name: 'brain', dtype: 'BF16', shape: [2, 4], data: () => values },
    ]);
    const tensors = await loadSafetensors(target);
    expect([...tensors.get('half')!.data]).toEqual([1, 1, 1 + 2 ** -9, Infinity, 0, -0, NaN, -Infinity]);
    expect(tensors.get('brain')!.shape).toEqual([2, 4]);
    expect([...tensors.get('brain')!.data]).toEqual([1, 1, 1, 65536, 2 ** -25, -0, NaN, -Infinity]);
    // Same dtype rank for F16 < BF16: BF16 sorts first, as the Rust crate orders them.
    expect((await readSafetensorsHeader(target)).tensors.map((t) => t.name)).toEqual(['brain', 'half']);
  });

  it('leaves no file behind when a tensor has the wrong size', async () => {
    const target = path.join(dir(), 'bad.safetensors');
    await expect(
      writeSafetensors(target, [{ name: 'w', dtype: 'F32', shape: [3], data: new Float32Array(2) }]),
    ).rejects.toThrow('tensor "w" (F32 [3]) needs a Float32Array of 3 values, got a Float32Array of 2.');
    expect(await readdir(dir())).toEqual([]);
  });

  it('rejects duplicate names before writing anything', async () => {
    const target = path.join(dir(), 'dup.safetensors');
    const data = new Float32Array(1);
    await expect(
      writeSafetensors(target, [
        { name: 'w', dtype: 'F32', shape: [1], data },
        { name: 'w', dtype: 'F32', shape: [1], data },
      ]),
    ).rejects.toThrow('tensor name "w" is used twice.');
    expect(await readdir(dir())).toEqual([]);
  });

  it('rejects non-string metadata, which Python safetensors could not read', async () => {
    const target = path.join(dir(), 'meta.safetensors');
    await expect(
      writeSafetensors(target, [], { metadata: { step: 5 } as unknown as Record<string, string> }),
    ).rejects.toThrow('metadata "step" must be a string');
  });
});
