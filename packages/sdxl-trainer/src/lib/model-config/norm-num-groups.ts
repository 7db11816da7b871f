import type { ConfigFields, NumberRange } from './config-fields.js';

/**
 * `norm_num_groups` (diffusers' default 32): every GroupNorm splits a block's channels into this many
 * groups, so it must divide each `block_out_channels` entry; the first width it does not divide is named.
 */
export function normNumGroups(
  fields: ConfigFields,
  blockOutChannels: readonly number[],
  range: NumberRange,
): number {
  const groups = fields.integer('norm_num_groups', range, 32);
  const ungrouped = blockOutChannels.find((width) => width % groups !== 0);
  if (ungrouped !== undefined) {
    fields.fail(
      'norm_num_groups',
      `is ${groups}, which does not divide the block width ${ungrouped}; allowed: a divisor of every block_out_channels entry.`,
    );
  }
  return groups;
}
