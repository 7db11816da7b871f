import type { AutoencoderKLConfig } from '../../types/vae.js';
import { configFields } from '../model-config/config-fields.js';
import { normNumGroups } from '../model-config/norm-num-groups.js';

/**
 * Bounds on what a config may ask for, far above SDXL's VAE (in brackets) and small enough that the module
 * tree is described at once.
 */
const LIMITS = {
  channels: { min: 1, max: 1024 }, // in_channels, out_channels, latent_channels [3, 3, 4]
  blocks: { min: 1, max: 8 }, // [4]
  width: { min: 1, max: 16384 }, // block_out_channels [512]
  layersPerBlock: { min: 1, max: 16 }, // [2]
  scalingFactor: { min: 0, max: 1000, exclusiveMin: true }, // [0.13025]
};

/**
 * A vae config.json with diffusers' AutoencoderKL defaults filled in (other fields kept as given). Every
 * field the model reads is type-checked and bounded; a problem is a ModelConfigError naming the field.
 */
export function resolveVaeConfig(config: Partial<AutoencoderKLConfig>): AutoencoderKLConfig {
  const fields = configFields('VAE', config);
  const blockOutChannels = fields.integerList('block_out_channels', LIMITS.blocks, LIMITS.width, [64]);
  const blocks = blockOutChannels.length;
  const groups = normNumGroups(fields, blockOutChannels, LIMITS.width);
  return {
    ...fields.raw,
    in_channels: fields.integer('in_channels', LIMITS.channels, 3),
    out_channels: fields.integer('out_channels', LIMITS.channels, 3),
    latent_channels: fields.integer('latent_channels', LIMITS.channels, 4),
    block_out_channels: blockOutChannels,
    down_block_types: fields.stringList(
      'down_block_types',
      blocks,
      ['DownEncoderBlock2D'],
      ['DownEncoderBlock2D'],
    ),
    up_block_types: fields.stringList('up_block_types', blocks, ['UpDecoderBlock2D'], ['UpDecoderBlock2D']),
    layers_per_block: fields.integer('layers_per_block', LIMITS.layersPerBlock, 1),
    norm_num_groups: groups,
    act_fn: fields.oneOf('act_fn', ['silu'] as const, 'silu'),
    scaling_factor: fields.number('scaling_factor', LIMITS.scalingFactor, 0.18215),
    mid_block_add_attention: fields.oneOf('mid_block_add_attention', [true], true),
  };
}
