import type { AutoencoderKLConfig } from '../../types/vae.js';

// diffusers AutoencoderKL defaults.
const DEFAULTS: AutoencoderKLConfig = {
  in_channels: 3,
  out_channels: 3,
  latent_channels: 4,
  block_out_channels: [64],
  down_block_types: ['DownEncoderBlock2D'],
  up_block_types: ['UpDecoderBlock2D'],
  layers_per_block: 1,
  norm_num_groups: 32,
  act_fn: 'silu',
  scaling_factor: 0.18215,
  mid_block_add_attention: true,
};

/** A vae config.json with diffusers' defaults filled in; unsupported values name their field. */
export function resolveVaeConfig(config: Partial<AutoencoderKLConfig>): AutoencoderKLConfig {
  const resolved = { ...DEFAULTS, ...config };
  const fail = (field: string, problem: string): never => {
    throw new Error(`AutoencoderKL config: ${field} ${problem}`);
  };
  for (const field of [
    'in_channels',
    'out_channels',
    'latent_channels',
    'layers_per_block',
    'norm_num_groups',
  ] as const) {
    if (!Number.isInteger(resolved[field]) || resolved[field] < 1)
      fail(field, `must be a positive integer, got ${JSON.stringify(resolved[field])}.`);
  }
  const blocks = resolved.block_out_channels;
  if (
    !Array.isArray(blocks) ||
    blocks.length === 0 ||
    blocks.some((width) => !Number.isInteger(width) || width < 1)
  ) {
    fail(
      'block_out_channels',
      `must be a non-empty list of positive integers, got ${JSON.stringify(blocks)}.`,
    );
  }
  for (const [field, supported] of [
    ['down_block_types', 'DownEncoderBlock2D'],
    ['up_block_types', 'UpDecoderBlock2D'],
  ] as const) {
    const types = resolved[field];
    if (!Array.isArray(types) || types.length !== blocks.length) {
      fail(
        field,
        `must list one block per block_out_channels entry (${blocks.length}), got ${JSON.stringify(types)}.`,
      );
    }
    const other = types.find((type) => type !== supported);
    if (other !== undefined)
      fail(field, `contains ${JSON.stringify(other)}; only "${supported}" is supported.`);
  }
  if (resolved.act_fn !== 'silu')
    fail('act_fn', `${JSON.stringify(resolved.act_fn)} is not supported; use "silu".`);
  if (resolved.mid_block_add_attention === false)
    fail('mid_block_add_attention', 'false is not supported; use true.');
  if (typeof resolved.scaling_factor !== 'number' || !(resolved.scaling_factor > 0)) {
    fail('scaling_factor', `must be a positive number, got ${JSON.stringify(resolved.scaling_factor)}.`);
  }
  const badWidth = blocks.find((width) => width % resolved.norm_num_groups !== 0);
  if (badWidth !== undefined)
    fail('norm_num_groups', `${resolved.norm_num_groups} does not divide block width ${badWidth}.`);
  return resolved;
}
