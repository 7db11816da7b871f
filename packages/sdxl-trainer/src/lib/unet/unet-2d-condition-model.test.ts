import '@tensorflow/tfjs-backend-cpu';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { moduleWeightEntries } from '../nn/module-weight-entries.js';
import { loadSafetensors } from '../safetensors/load-safetensors.js';
import { writeSafetensorsCheckpoint } from '../safetensors/write-safetensors-checkpoint.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

// Loading and a forward pass take seconds alone, far more when the machine's cores are shared.
const LOAD_TIMEOUT_MS = 120_000;

const mkdirp = async (folder: string) => {
  await mkdir(folder, { recursive: true });
  return folder;
};

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as UNet2DConditionConfig;

describe('UNet2DConditionModel.parameterSpec', () => {
  it('lists exactly the full-size SDXL base state_dict keys and shapes, and its 2,567,463,684 parameters', async () => {
    const config = await readJson(path.join(SHARED.sdxlBaseKeys, 'unet/config.json'));
    const rows = (await readFile(path.join(SHARED.sdxlBaseKeys, 'unet.keys.tsv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1);
    const expected = new Map(rows.map((row) => row.split('\t')).map(([, key, shape]) => [key!, shape!]));
    const tensorsBefore = tf.memory().numTensors;
    const actual = new Map(
      UNet2DConditionModel.parameterSpec(config).map(({ key, shape }) => [key, JSON.stringify(shape)]),
    );
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect([...expected.keys()].filter((key) => !actual.has(key))).toEqual([]); // missing
    expect([...actual.keys()].filter((key) => !expected.has(key))).toEqual([]); // unexpected
    expect([...actual].filter(([key, shape]) => expected.get(key) !== shape)).toEqual([]); // wrong shape
    expect(actual.size).toBe(1680);
    const count = [...actual.values()].reduce(
      (sum, shape) => sum + (JSON.parse(shape) as number[]).reduce((a, b) => a * b, 1),
      0,
    );
    expect(count).toBe(2_567_463_684);
  });

  it.each([
    ['act_fn', 'gelu'],
    ['resnet_time_scale_shift', 'scale_shift'],
    ['addition_embed_type', null],
    ['num_attention_heads', 8],
    ['class_embed_type', 'timestep'],
  ])('rejects unsupported %s = %j, naming the field', async (field, value) => {
    const config = await readJson(path.join(SHARED.unetVaeTiny, 'config.json'));
    expect(() => UNet2DConditionModel.parameterSpec({ ...config, [field]: value })).toThrow(
      `Invalid UNet config: "${field}" is ${JSON.stringify(value)}; this port supports`,
    );
  });

  it('rejects an unsupported block type and mismatched per-block lists', async () => {
    const config = await readJson(path.join(SHARED.unetVaeTiny, 'config.json'));
    expect(() =>
      UNet2DConditionModel.parameterSpec({
        ...config,
        down_block_types: ['DownBlock2D', 'AttnDownBlock2D', 'CrossAttnDownBlock2D'],
      }),
    ).toThrow('"down_block_types" has "AttnDownBlock2D" at index 1');
    expect(() =>
      UNet2DConditionModel.parameterSpec({ ...config, transformer_layers_per_block: [1, 2] }),
    ).toThrow(
      '"transformer_layers_per_block" is [1,2]; allowed: an integer from 1 to 24, or a list of 3 such integers',
    );
  });
});

describe('UNet2DConditionModel against diffusers (sdxl-unet-vae-tiny)', () => {
  let unet: UNet2DConditionModel;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  const input = () => ({
    sample: fixtureTensor(fixture, 'unet.sample') as tf.Tensor4D,
    timestep: fixtureTensor(fixture, 'unet.timesteps_f32') as tf.Tensor1D,
    encoderHiddenStates: fixtureTensor(fixture, 'unet.encoder_hidden_states') as tf.Tensor3D,
    textEmbeds: fixtureTensor(fixture, 'unet.text_embeds') as tf.Tensor2D,
    timeIds: fixtureTensor(fixture, 'unet.time_ids') as tf.Tensor2D,
  });

  beforeAll(async () => {
    unet = await UNet2DConditionModel.fromPretrained(SHARED.unetVaeTiny);
    fixture = await loadFixture(path.join(SHARED.unetVaeTiny, 'fixture.safetensors'));
  }, LOAD_TIMEOUT_MS);
  afterAll(() => unet.dispose());

  it('has the fixture parameter count', () => {
    expect(unet.parameterCount()).toBe(2_001_508);
  });

  it('builds the conditioning embeddings like diffusers', () => {
    tf.tidy(() => {
      const embeddings = unet.conditioningEmbeddings(input());
      expect(maxAbsDiff(embeddings.timestepProjection, fixture.get('unet.t_proj'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(embeddings.timeEmbedding, fixture.get('unet.time_emb'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(embeddings.additionInput, fixture.get('unet.add_embeds_in'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(embeddings.additionEmbedding, fixture.get('unet.aug_emb'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(embeddings.total, fixture.get('unet.emb_total'))).toBeLessThan(1e-5);
    });
  });

  it(
    'predicts the diffusers output within atol 2e-5',
    () => {
      const tensorsBefore = tf.memory().numTensors;
      tf.tidy(() => {
        const output = unet.forward(input());
        expect(output.shape).toEqual([1, 4, 16, 16]);
        expect(maxAbsDiff(output, fixture.get('unet.out_sample'))).toBeLessThan(2e-5);
      });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    },
    LOAD_TIMEOUT_MS,
  );

  it('rejects inputs of the wrong layout or width, saying what was expected', () => {
    tf.tidy(() => {
      const good = input();
      expect(() => unet.forward({ ...good, sample: tf.transpose(good.sample, [0, 2, 3, 1]) })).toThrow(
        "sample has 16 channels, the config's in_channels is 4",
      );
      expect(() => unet.forward({ ...good, encoderHiddenStates: tf.zeros([1, 10, 64]) })).toThrow(
        'cross_attention_dim',
      );
      expect(() => unet.forward({ ...good, timeIds: tf.zeros([1, 5]) })).toThrow(
        'projection_class_embeddings_input_dim is 80',
      );
    });
  });

  describe('savePretrained', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'unet-save-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it(
      'writes float32 weights byte-identical to the diffusers file, and a loadable config',
      async () => {
        await unet.savePretrained(dir, { dtype: 'float32' });
        const written = await readFile(path.join(dir, 'diffusion_pytorch_model.safetensors'));
        const reference = await readFile(
          path.join(SHARED.unetVaeTiny, 'diffusion_pytorch_model.safetensors'),
        );
        expect(written.equals(reference)).toBe(true);
        expect(await readJson(path.join(dir, 'config.json'))).toEqual(
          await readJson(path.join(SHARED.unetVaeTiny, 'config.json')),
        );
      },
      LOAD_TIMEOUT_MS,
    );

    it(
      'loads a sharded checkpoint (index + shards) to the same weights',
      async () => {
        const sharded = path.join(dir, 'sharded');
        await copyFile(
          path.join(SHARED.unetVaeTiny, 'config.json'),
          path.join(await mkdirp(sharded), 'config.json'),
        );
        const files = await writeSafetensorsCheckpoint(sharded, moduleWeightEntries(unet, 'F32'), {
          maxShardBytes: 2_000_000,
        });
        expect(files.length).toBeGreaterThan(3);
        const reloaded = await UNet2DConditionModel.fromPretrained(sharded);
        const original = unet.parameterMap();
        const differing = [...reloaded.parameterMap()].filter(([key, parameter]) => {
          const [before, after] = [original.get(key)!.variable.dataSync(), parameter.variable.dataSync()];
          return before.some((value, i) => value !== after[i]);
        });
        expect(differing.map(([key]) => key)).toEqual([]);
        reloaded.dispose();
      },
      LOAD_TIMEOUT_MS,
    );

    it.each([
      ['float16', 'F16', 2 ** -10],
      ['bfloat16', 'BF16', 2 ** -7],
    ] as const)(
      'writes %s weights that load back to that precision',
      async (dtype, onDisk, relativeStep) => {
        const subdir = path.join(dir, dtype);
        await mkdir(subdir);
        await unet.savePretrained(subdir, { dtype });
        const stored = await loadSafetensors(path.join(subdir, 'diffusion_pytorch_model.safetensors'), {
          names: ['conv_in.weight'],
        });
        expect(stored.get('conv_in.weight')!.dtype).toBe(onDisk);
        const reloaded = await UNet2DConditionModel.fromPretrained(subdir);
        const original = unet.parameterMap();
        const outOfPrecision: string[] = [];
        for (const [key, parameter] of reloaded.parameterMap()) {
          const [before, after] = [original.get(key)!.variable.dataSync(), parameter.variable.dataSync()];
          // Round to nearest: within one unit in the last place (fp16 subnormals: an absolute 2^-24).
          const within = before.every(
            (value, i) => Math.abs(after[i]! - value) <= Math.max(Math.abs(value) * relativeStep, 2 ** -24),
          );
          if (!within) outOfPrecision.push(key);
        }
        expect(outOfPrecision).toEqual([]);
        reloaded.dispose();
      },
      LOAD_TIMEOUT_MS,
    );
  });
});

describe('UNet2DConditionModel on the tiny SDXL pipeline', () => {
  it(
    'loads from the pipeline layout and matches e2e.model_pred',
    async () => {
      const unet = await UNet2DConditionModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'unet' });
      expect(unet.parameterCount()).toBe(2_091_620);
      const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'));
      tf.tidy(() => {
        const output = unet.forward({
          sample: fixtureTensor(expected, 'e2e.noisy_latents') as tf.Tensor4D,
          timestep: fixtureTensor(expected, 'e2e.timesteps_f32') as tf.Tensor1D,
          encoderHiddenStates: fixtureTensor(expected, 'e2e.prompt_embeds') as tf.Tensor3D,
          textEmbeds: fixtureTensor(expected, 'e2e.text_embeds') as tf.Tensor2D,
          timeIds: fixtureTensor(expected, 'e2e.time_ids') as tf.Tensor2D,
        });
        expect(maxAbsDiff(output, expected.get('e2e.model_pred'))).toBeLessThan(2e-5);
      });
      unet.dispose();
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    'names every wrong-shape key when the weights do not fit the config',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'unet-mismatch-'));
      try {
        await copyFile(path.join(SHARED.unetVaeTiny, 'config.json'), path.join(dir, 'config.json'));
        await copyFile(
          path.join(SHARED.tinyPipeline, 'unet/diffusion_pytorch_model.safetensors'),
          path.join(dir, 'diffusion_pytorch_model.safetensors'),
        );
        // The pipeline UNet has cross_attention_dim 96, the config says 32: every to_k/to_v is off.
        await expect(UNet2DConditionModel.fromPretrained(dir)).rejects.toThrow(
          /down_blocks\.1\.attentions\.0\.transformer_blocks\.0\.attn2\.to_k\.weight/,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it('names the missing file and the fix when the weights are absent', async () => {
    await expect(
      UNet2DConditionModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'unet', variant: 'fp16' }),
    ).rejects.toThrow('diffusion_pytorch_model.fp16.safetensors');
  });
});
