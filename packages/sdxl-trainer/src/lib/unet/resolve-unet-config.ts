import type { UNet2DConditionConfig } from '../../types/unet.js';

/** A validated UNet config with per-block lists expanded; what the model is built from. */
export interface ResolvedUNetConfig {
  inChannels: number;
  outChannels: number;
  flipSinToCos: boolean;
  freqShift: number;
  downBlockTypes: ('DownBlock2D' | 'CrossAttnDownBlock2D')[];
  upBlockTypes: ('UpBlock2D' | 'CrossAttnUpBlock2D')[];
  blockOutChannels: number[];
  layersPerBlock: number[];
  downsamplePadding: number;
  midBlockScaleFactor: number;
  normNumGroups: number;
  normEps: number;
  crossAttentionDim: number;
  transformerLayersPerBlock: number[];
  /** Attention heads per down block (diffusers reads them from `attention_head_dim`). */
  attentionHeads: number[];
  useLinearProjection: boolean;
  additionTimeEmbedDim: number;
  projectionClassEmbeddingsInputDim: number;
}

/** Field values this port implements; anything else is rejected by name rather than silently ignored. */
const REQUIRED_VALUES: Record<string, unknown[]> = {
  act_fn: ['silu', undefined],
  addition_embed_type: ['text_time'],
  attention_type: ['default', undefined],
  center_input_sample: [false, undefined],
  class_embed_type: [null, undefined],
  class_embeddings_concat: [false, undefined],
  conv_in_kernel: [3, undefined],
  conv_out_kernel: [3, undefined],
  cross_attention_norm: [null, undefined],
  dropout: [0, undefined],
  dual_cross_attention: [false, undefined],
  encoder_hid_dim: [null, undefined],
  encoder_hid_dim_type: [null, undefined],
  mid_block_only_cross_attention: [null, false, undefined],
  mid_block_type: ['UNetMidBlock2DCrossAttn', undefined],
  num_attention_heads: [null, undefined],
  num_class_embeds: [null, undefined],
  only_cross_attention: [false, undefined],
  resnet_out_scale_factor: [1, undefined],
  resnet_skip_time_act: [false, undefined],
  resnet_time_scale_shift: ['default', undefined],
  reverse_transformer_layers_per_block: [null, undefined],
  time_cond_proj_dim: [null, undefined],
  time_embedding_act_fn: [null, undefined],
  time_embedding_dim: [null, undefined],
  time_embedding_type: ['positional', undefined],
  timestep_post_act: [null, undefined],
};

const DOWN_BLOCK_TYPES = ['DownBlock2D', 'CrossAttnDownBlock2D'] as const;
const UP_BLOCK_TYPES = ['UpBlock2D', 'CrossAttnUpBlock2D'] as const;

/**
 * Checks a diffusers UNet config against what this port implements (the SDXL family) and fills in
 * diffusers 0.27's defaults. Every problem names the config field.
 */
export function resolveUNetConfig(config: UNet2DConditionConfig): ResolvedUNetConfig {
  if (config._class_name !== undefined && config._class_name !== 'UNet2DConditionModel') {
    throw unsupported('_class_name', config._class_name, ['UNet2DConditionModel']);
  }
  for (const [field, allowed] of Object.entries(REQUIRED_VALUES)) {
    if (!allowed.includes(config[field])) {
      throw unsupported(
        field,
        config[field],
        allowed.filter((value) => value !== undefined),
      );
    }
  }
  // upcast_attention only changes fp16 attention; computation here is float32, where it is a no-op.

  const downBlockTypes = config.down_block_types ?? [
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'DownBlock2D',
  ];
  const upBlockTypes = config.up_block_types ?? [
    'UpBlock2D',
    'CrossAttnUpBlock2D',
    'CrossAttnUpBlock2D',
    'CrossAttnUpBlock2D',
  ];
  const blockOutChannels = config.block_out_channels ?? [320, 640, 1280, 1280];
  const blocks = blockOutChannels.length;
  checkEach('down_block_types', downBlockTypes, DOWN_BLOCK_TYPES);
  checkEach('up_block_types', upBlockTypes, UP_BLOCK_TYPES);
  if (downBlockTypes.length !== blocks || upBlockTypes.length !== blocks) {
    throw new Error(
      `Invalid UNet config: block_out_channels, down_block_types and up_block_types must have the same length (got ${blocks}, ${downBlockTypes.length}, ${upBlockTypes.length}).`,
    );
  }
  const normNumGroups = config.norm_num_groups ?? null;
  if (normNumGroups === null) {
    throw unsupported('norm_num_groups', null, ['a positive integer']);
  }
  const crossAttentionDim = config.cross_attention_dim ?? 1280;
  if (Array.isArray(crossAttentionDim)) {
    throw unsupported('cross_attention_dim', crossAttentionDim, ['a single integer']);
  }
  const additionTimeEmbedDim = config.addition_time_embed_dim ?? null;
  const projectionDim = config.projection_class_embeddings_input_dim ?? null;
  if (additionTimeEmbedDim === null)
    throw unsupported('addition_time_embed_dim', null, ['an integer (text_time)']);
  if (projectionDim === null) {
    throw unsupported('projection_class_embeddings_input_dim', null, ['an integer (text_time)']);
  }

  return {
    inChannels: config.in_channels ?? 4,
    outChannels: config.out_channels ?? 4,
    flipSinToCos: config.flip_sin_to_cos ?? true,
    freqShift: config.freq_shift ?? 0,
    downBlockTypes: downBlockTypes as ResolvedUNetConfig['downBlockTypes'],
    upBlockTypes: upBlockTypes as ResolvedUNetConfig['upBlockTypes'],
    blockOutChannels,
    layersPerBlock: perBlock('layers_per_block', config.layers_per_block ?? 2, blocks),
    downsamplePadding: config.downsample_padding ?? 1,
    midBlockScaleFactor: config.mid_block_scale_factor ?? 1,
    normNumGroups,
    normEps: config.norm_eps ?? 1e-5,
    crossAttentionDim,
    transformerLayersPerBlock: perBlock(
      'transformer_layers_per_block',
      config.transformer_layers_per_block ?? 1,
      blocks,
    ),
    attentionHeads: perBlock('attention_head_dim', config.attention_head_dim ?? 8, blocks),
    useLinearProjection: config.use_linear_projection ?? false,
    additionTimeEmbedDim,
    projectionClassEmbeddingsInputDim: projectionDim,
  };
}

function perBlock(field: string, value: number | number[], blocks: number): number[] {
  if (typeof value === 'number') return Array.from({ length: blocks }, () => value);
  if (!Array.isArray(value) || value.length !== blocks || value.some((item) => typeof item !== 'number')) {
    throw new Error(
      `Invalid UNet config: "${field}" must be an integer or a list of ${blocks} integers (one per block), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function checkEach(field: string, values: string[], allowed: readonly string[]): void {
  const bad = values.find((value) => !allowed.includes(value));
  if (bad !== undefined) throw unsupported(field, bad, [...allowed]);
}

function unsupported(field: string, value: unknown, allowed: unknown[]): Error {
  return new Error(
    `Unsupported UNet config: "${field}" is ${JSON.stringify(value)}; this port supports ${allowed.map((item) => (typeof item === 'string' && item.includes(' ') ? item : JSON.stringify(item))).join(' or ')}.`,
  );
}
