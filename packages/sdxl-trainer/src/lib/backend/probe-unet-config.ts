import type { UNet2DConditionConfig } from '../../types/unet.js';

/**
 * A tiny SDXL-shaped UNet (32/64/64 channels, cross-attention 32, 2.0 M parameters; the layout of
 * diffusers' test fixture) for measuring a backend: every block type of SDXL, in a fraction of a second
 * per training step on a CPU.
 */
export const PROBE_UNET_CONFIG: UNet2DConditionConfig = {
  act_fn: 'silu',
  addition_embed_type: 'text_time',
  addition_embed_type_num_heads: 64,
  addition_time_embed_dim: 8,
  attention_head_dim: [2, 2, 4],
  block_out_channels: [32, 64, 64],
  center_input_sample: false,
  class_embed_type: null,
  conv_in_kernel: 3,
  conv_out_kernel: 3,
  cross_attention_dim: 32,
  down_block_types: ['DownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D'],
  downsample_padding: 1,
  flip_sin_to_cos: true,
  freq_shift: 0,
  in_channels: 4,
  layers_per_block: 1,
  mid_block_scale_factor: 1,
  mid_block_type: 'UNetMidBlock2DCrossAttn',
  norm_eps: 1e-5,
  norm_num_groups: 32,
  num_attention_heads: null,
  out_channels: 4,
  projection_class_embeddings_input_dim: 80,
  resnet_time_scale_shift: 'default',
  sample_size: 16,
  transformer_layers_per_block: [1, 1, 2],
  up_block_types: ['CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'UpBlock2D'],
  upcast_attention: false,
  use_linear_projection: true,
} as UNet2DConditionConfig;
