import type { UNet2DConditionConfig } from '../../types/unet.js';
import { configFields } from '../model-config/config-fields.js';
import { normNumGroups } from '../model-config/norm-num-groups.js';

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
 * Bounds on what a config may ask for. Each is well above SDXL's own value (in brackets) yet keeps the
 * module tree small: the largest these allow (6 cross-attention blocks of 8 resnets with 24 transformer
 * layers each) is described in about 0.2 s and 40 MB. Widths stop at 16384, where a single 3x3 convolution
 * already holds the competition's 2.5 G parameters.
 */
const LIMITS = {
  blocks: { min: 1, max: 6 }, // [3]
  width: { min: 1, max: 16384 }, // block_out_channels, cross_attention_dim [1280, 2048]
  ioChannels: { min: 1, max: 1024 }, // in_channels, out_channels [4]
  layersPerBlock: { min: 1, max: 8 }, // [2]
  transformerLayers: { min: 1, max: 24 }, // [10]
  heads: { min: 1, max: 16384 }, // attention_head_dim, a head count in diffusers' UNet [20]
  additionTimeEmbedDim: { min: 2, max: 4096 }, // [256]
  projectionInput: { min: 1, max: 65536 }, // [2816]
  downsamplePadding: { min: 0, max: 1 }, // [1]
  normEps: { min: 0, max: 1, exclusiveMin: true }, // [1e-5]
  midBlockScaleFactor: { min: 0, max: 1000, exclusiveMin: true }, // [1]
  freqShift: { min: 0, max: 1 }, // [0]
};

/**
 * Checks a diffusers UNet config against what this port implements (the SDXL family) and fills in
 * diffusers 0.27's defaults. Every field the model reads is type-checked and bounded before anything is
 * built, and every problem is a ModelConfigError naming the config field and what is allowed.
 */
export function resolveUNetConfig(config: UNet2DConditionConfig): ResolvedUNetConfig {
  const fields = configFields('UNet', config);
  fields.oneOf('_class_name', ['UNet2DConditionModel'], 'UNet2DConditionModel');
  for (const [field, allowed] of Object.entries(REQUIRED_VALUES)) {
    fields.oneOf(
      field,
      allowed.filter((value) => value !== undefined),
      allowed.includes(undefined) ? allowed[0] : undefined,
    );
  }
  // upcast_attention only changes fp16 attention; computation here is float32, where it is a no-op.

  const blockOutChannels = fields.integerList(
    'block_out_channels',
    LIMITS.blocks,
    LIMITS.width,
    [320, 640, 1280, 1280],
  );
  const blocks = blockOutChannels.length;
  const downBlockTypes = fields.stringList('down_block_types', blocks, DOWN_BLOCK_TYPES, [
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'DownBlock2D',
  ]);
  const upBlockTypes = fields.stringList('up_block_types', blocks, UP_BLOCK_TYPES, [
    'UpBlock2D',
    'CrossAttnUpBlock2D',
    'CrossAttnUpBlock2D',
    'CrossAttnUpBlock2D',
  ]);
  if (blockOutChannels[0]! % 2 !== 0) {
    fields.fail(
      'block_out_channels',
      `starts with ${blockOutChannels[0]}, the width of the sinusoidal timestep embedding; allowed: an even first entry.`,
    );
  }
  const groups = normNumGroups(fields, blockOutChannels, LIMITS.width);
  const attentionHeads = fields.perBlock('attention_head_dim', blocks, LIMITS.heads, 8);
  const unevenHeads = attentionHeads.findIndex((heads, block) => blockOutChannels[block]! % heads !== 0);
  if (unevenHeads >= 0) {
    fields.fail(
      'attention_head_dim',
      `gives block ${unevenHeads} ${attentionHeads[unevenHeads]} attention heads, which do not divide its width ${blockOutChannels[unevenHeads]}; allowed: a divisor of each block's block_out_channels entry.`,
    );
  }
  const additionTimeEmbedDim = fields.integer(
    'addition_time_embed_dim',
    LIMITS.additionTimeEmbedDim,
    undefined,
  );
  if (additionTimeEmbedDim % 2 !== 0) {
    fields.fail(
      'addition_time_embed_dim',
      `is ${additionTimeEmbedDim}, the width of each time id's sinusoidal embedding; allowed: an even integer.`,
    );
  }
  // The sinusoids divide by (half their width - freq_shift): a shift reaching half a width gives NaN embeddings.
  const freqShift = fields.number('freq_shift', LIMITS.freqShift, 0);
  const narrowest = Math.min(blockOutChannels[0]!, additionTimeEmbedDim) / 2;
  if (freqShift >= narrowest) {
    fields.fail(
      'freq_shift',
      `is ${freqShift}, not below half the narrowest sinusoidal embedding (${narrowest}: block_out_channels[0] ${blockOutChannels[0]}, addition_time_embed_dim ${additionTimeEmbedDim}); allowed: a number from 0 below ${narrowest}.`,
    );
  }

  return {
    inChannels: fields.integer('in_channels', LIMITS.ioChannels, 4),
    outChannels: fields.integer('out_channels', LIMITS.ioChannels, 4),
    flipSinToCos: fields.boolean('flip_sin_to_cos', true),
    freqShift,
    downBlockTypes,
    upBlockTypes,
    blockOutChannels,
    layersPerBlock: fields.perBlock('layers_per_block', blocks, LIMITS.layersPerBlock, 2),
    downsamplePadding: fields.integer('downsample_padding', LIMITS.downsamplePadding, 1),
    midBlockScaleFactor: fields.number('mid_block_scale_factor', LIMITS.midBlockScaleFactor, 1),
    normNumGroups: groups,
    normEps: fields.number('norm_eps', LIMITS.normEps, 1e-5),
    crossAttentionDim: fields.integer('cross_attention_dim', LIMITS.width, 1280),
    transformerLayersPerBlock: fields.perBlock(
      'transformer_layers_per_block',
      blocks,
      LIMITS.transformerLayers,
      1,
    ),
    attentionHeads,
    useLinearProjection: fields.boolean('use_linear_projection', false),
    additionTimeEmbedDim,
    projectionClassEmbeddingsInputDim: fields.integer(
      'projection_class_embeddings_input_dim',
      LIMITS.projectionInput,
      undefined,
    ),
  };
}
