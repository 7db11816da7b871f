import type { UNet2DConditionConfig } from '../../index.js';
import { fixtureUnetConfig } from './fixture-unet-config.js';

/**
 * The fixture's layout widened to 64/128/128 channels with 2 layers per block (13.4 M parameters): large
 * enough that kernel arithmetic, not per-op overhead, dominates a step. The benches' PyTorch reference
 * times were measured for this config.
 */
export const mediumUnetConfig: UNet2DConditionConfig = {
  ...fixtureUnetConfig,
  block_out_channels: [64, 128, 128],
  layers_per_block: 2,
  transformer_layers_per_block: [1, 2, 2],
  attention_head_dim: [2, 4, 4],
  cross_attention_dim: 64,
};
