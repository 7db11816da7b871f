import { modelConfigRefusal } from '../../test-support/model-config-refusal.js';
import { configFields } from './config-fields.js';
import { normNumGroups } from './norm-num-groups.js';

const width = { min: 1, max: 16384 };

describe('normNumGroups', () => {
  it("reads norm_num_groups, diffusers' 32 when left out", () => {
    expect(normNumGroups(configFields('VAE', { norm_num_groups: 16 }), [64, 128], width)).toBe(16);
    expect(normNumGroups(configFields('UNet', {}), [320, 640], width)).toBe(32);
  });

  it('refuses a group count that does not divide a block width, naming that width', () => {
    const refusal = modelConfigRefusal(() =>
      normNumGroups(configFields('VAE', { norm_num_groups: 32 }), [64, 96, 80], width),
    );
    expect(refusal.field).toBe('norm_num_groups');
    expect(refusal.problem).toBe(
      'is 32, which does not divide the block width 80; allowed: a divisor of every block_out_channels entry.',
    );
  });
});
