import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { SHARED } from '@pixel-tools/test-support';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { modelConfigRefusal } from '../../test-support/model-config-refusal.js';
import { resolveUNetConfig } from './resolve-unet-config.js';

const readConfig = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as UNet2DConditionConfig;
const sdxl = readConfig(path.join(SHARED.sdxlBaseKeys, 'unet/config.json'));
const tiny = readConfig(path.join(SHARED.tinyPipeline, 'unet/config.json'));

const refusal = (config: unknown) =>
  modelConfigRefusal(() => resolveUNetConfig(config as UNet2DConditionConfig));

describe('resolveUNetConfig', () => {
  it('accepts SDXL base and the tiny fixture, expanding per-block fields', () => {
    expect(resolveUNetConfig(sdxl)).toMatchObject({
      blockOutChannels: [320, 640, 1280],
      layersPerBlock: [2, 2, 2],
      transformerLayersPerBlock: [1, 2, 10],
      attentionHeads: [5, 10, 20],
      crossAttentionDim: 2048,
      projectionClassEmbeddingsInputDim: 2816,
    });
    expect(resolveUNetConfig(tiny)).toMatchObject({ layersPerBlock: [1, 1, 1], attentionHeads: [2, 2, 4] });
  });

  it.each([
    // The crafted config: a billion layers made the loaders run the heap out.
    ['layers_per_block', 1e9, 'is 1000000000; allowed: an integer from 1 to 8, or a list of 3 such integers'],
    ['layers_per_block', -1, 'is -1; allowed: an integer from 1 to 8'],
    ['layers_per_block', [2, 2], 'is [2,2]; allowed: an integer from 1 to 8, or a list of 3 such integers'],
    ['layers_per_block', 1.5, 'is 1.5; allowed: an integer from 1 to 8'],
    ['layers_per_block', '2', 'is "2"; allowed: an integer from 1 to 8'],
    ['attention_head_dim', 0, 'is 0; allowed: an integer from 1 to 16384'],
    ['attention_head_dim', [5, 10, 7], 'gives block 2 7 attention heads, which do not divide its width 1280'],
    ['transformer_layers_per_block', [1, 2, 1e9], 'is [1,2,1000000000]; allowed: an integer from 1 to 24'],
    ['block_out_channels', Array(7).fill(320), 'allowed: a list of 1 to 6 integers'],
    [
      'block_out_channels',
      [320, 640, -1280],
      'has -1280 at index 2; allowed: a list of 1 to 6 integers, each from 1 to 16384.',
    ],
    ['block_out_channels', [321, 642, 1284], 'starts with 321'],
    ['down_block_types', ['DownBlock2D'], 'is ["DownBlock2D"]; allowed: a list of 3 (one per block)'],
    ['up_block_types', ['UpBlock2D', 'UpBlock2D', 'AttnUpBlock2D'], 'has "AttnUpBlock2D" at index 2'],
    ['norm_num_groups', 48, 'is 48, which does not divide the block width 320'],
    ['norm_num_groups', null, 'is null; allowed: an integer from 1 to 16384.'],
    ['norm_eps', 0, 'is 0; allowed: a number above 0 and at most 1.'],
    ['cross_attention_dim', [2048, 2048], 'is [2048,2048]; allowed: an integer from 1 to 16384.'],
    ['in_channels', 1e6, 'is 1000000; allowed: an integer from 1 to 1024.'],
    ['addition_time_embed_dim', 255, 'is 255, the width of each time id'],
    ['addition_time_embed_dim', undefined, 'is missing; allowed: an integer from 2 to 4096.'],
    ['projection_class_embeddings_input_dim', 1e12, 'is 1000000000000; allowed: an integer from 1 to 65536.'],
    ['freq_shift', Infinity, 'is Infinity; allowed: a number from 0 to 1.'],
    ['mid_block_scale_factor', 0, 'is 0; allowed: a number above 0 and at most 1000.'],
    ['downsample_padding', 2, 'is 2; allowed: an integer from 0 to 1.'],
    ['use_linear_projection', 'yes', 'is "yes"; allowed: true or false.'],
    ['act_fn', 'gelu', 'is "gelu"; this port supports "silu".'],
    ['addition_embed_type', null, 'is null; this port supports "text_time".'],
    ['_class_name', 'UNet2DModel', 'is "UNet2DModel"; this port supports "UNet2DConditionModel".'],
  ])('refuses %s = %j by name, saying what is allowed', (field, value, problem) => {
    const error = refusal({ ...sdxl, [field]: value });
    expect(error.field).toBe(field);
    expect(error.message).toBe(`Invalid UNet config: "${field}" ${error.problem}`);
    expect(error.problem).toContain(problem);
  });

  it('cuts long values short in the message', () => {
    const { message } = refusal({ ...sdxl, block_out_channels: Array(100_000).fill(320) });
    expect(message.length).toBeLessThan(300);
  });

  it('refuses a config that is not a JSON object', () => {
    for (const config of [null, 3, 'config', [sdxl]]) {
      expect(refusal(config).field).toBe('config.json');
    }
  });

  it('refuses a freq_shift that reaches half a sinusoidal width (the embedding would be NaN)', () => {
    expect(resolveUNetConfig({ ...tiny, freq_shift: 1 }).freqShift).toBe(1);
    expect(refusal({ ...tiny, freq_shift: 1, addition_time_embed_dim: 2 }).problem).toContain(
      'is 1, not below half the narrowest sinusoidal embedding (1',
    );
  });

  it('is a UsageError (exit code 2): the model is the input to fix', () => {
    const error = refusal({ ...sdxl, layers_per_block: 1e9 });
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
  });
});
