import { modelConfigRefusal } from '../../test-support/model-config-refusal.js';
import { sdxlBaseComponent } from '../../test-support/sdxl-base-keys.js';
import { resolveVaeConfig } from './resolve-vae-config.js';

const sdxl = sdxlBaseComponent('vae').config;

describe('resolveVaeConfig', () => {
  it("accepts SDXL's VAE, keeping the fields it does not read, and fills in diffusers' defaults", () => {
    expect(resolveVaeConfig(sdxl)).toMatchObject({
      block_out_channels: [128, 256, 512, 512],
      layers_per_block: 2,
      scaling_factor: 0.13025,
      force_upcast: true,
      mid_block_add_attention: true,
    });
    expect(resolveVaeConfig({})).toMatchObject({ block_out_channels: [64], latent_channels: 4 });
  });

  it.each([
    ['layers_per_block', 1e9, 'is 1000000000; allowed: an integer from 1 to 16.'],
    ['layers_per_block', -1, 'is -1; allowed: an integer from 1 to 16.'],
    ['block_out_channels', Array(9).fill(128), 'allowed: a list of 1 to 8 integers, each from 1 to 16384.'],
    ['block_out_channels', [128, 256, 512, 0], 'has 0 at index 3'],
    [
      'down_block_types',
      ['DownEncoderBlock2D'],
      'allowed: a list of 4 (one per block), each "DownEncoderBlock2D".',
    ],
    ['up_block_types', [1, 2, 3, 4], 'has 1 at index 0'],
    ['norm_num_groups', 0, 'is 0; allowed: an integer from 1 to 16384.'],
    ['norm_num_groups', 24, 'is 24, which does not divide the block width 128'],
    ['latent_channels', 1e6, 'is 1000000; allowed: an integer from 1 to 1024.'],
    ['scaling_factor', -0.13, 'is -0.13; allowed: a number above 0 and at most 1000.'],
    ['act_fn', 'relu', 'is "relu"; this port supports "silu".'],
    ['mid_block_add_attention', false, 'is false; this port supports true.'],
  ])('refuses %s = %j by name, saying what is allowed', (field, value, problem) => {
    const error = modelConfigRefusal(() => resolveVaeConfig({ ...sdxl, [field]: value }));
    expect(error.field).toBe(field);
    expect(error.message).toBe(`Invalid VAE config: "${field}" ${error.problem}`);
    expect(error.problem).toContain(problem);
  });
});
