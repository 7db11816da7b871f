import type * as tf from '@tensorflow/tfjs-core';

/**
 * A diffusers `UNet2DConditionModel` config.json (snake_case, as on disk). Fields left out take diffusers
 * 0.27's defaults; fields this port does not support must hold their default value.
 */
export interface UNet2DConditionConfig {
  _class_name?: string;
  _diffusers_version?: string;
  sample_size?: number | null;
  in_channels?: number;
  out_channels?: number;
  center_input_sample?: boolean;
  flip_sin_to_cos?: boolean;
  freq_shift?: number;
  down_block_types?: string[];
  mid_block_type?: string | null;
  up_block_types?: string[];
  only_cross_attention?: boolean | boolean[];
  block_out_channels?: number[];
  layers_per_block?: number | number[];
  downsample_padding?: number;
  mid_block_scale_factor?: number;
  dropout?: number;
  act_fn?: string;
  norm_num_groups?: number | null;
  norm_eps?: number;
  cross_attention_dim?: number | number[];
  transformer_layers_per_block?: number | number[];
  reverse_transformer_layers_per_block?: number[][] | null;
  encoder_hid_dim?: number | null;
  encoder_hid_dim_type?: string | null;
  attention_head_dim?: number | number[];
  num_attention_heads?: number | number[] | null;
  dual_cross_attention?: boolean;
  use_linear_projection?: boolean;
  class_embed_type?: string | null;
  addition_embed_type?: string | null;
  addition_time_embed_dim?: number | null;
  num_class_embeds?: number | null;
  upcast_attention?: boolean | null;
  resnet_time_scale_shift?: string;
  resnet_skip_time_act?: boolean;
  resnet_out_scale_factor?: number;
  time_embedding_type?: string;
  time_embedding_dim?: number | null;
  time_embedding_act_fn?: string | null;
  timestep_post_act?: string | null;
  time_cond_proj_dim?: number | null;
  conv_in_kernel?: number;
  conv_out_kernel?: number;
  projection_class_embeddings_input_dim?: number | null;
  attention_type?: string;
  class_embeddings_concat?: boolean;
  mid_block_only_cross_attention?: boolean | null;
  cross_attention_norm?: string | null;
  addition_embed_type_num_heads?: number;
  [field: string]: unknown;
}

/** Inputs of `UNet2DConditionModel.forward`, diffusers' NCHW layout. */
export interface UNetForwardInput {
  /** Noisy latents [batch, in_channels, height, width]. */
  sample: tf.Tensor4D;
  /** Diffusion timestep: one number for the whole batch, one per batch element, or a [batch] tensor. */
  timestep: number | number[] | tf.Tensor1D;
  /** Text-encoder hidden states [batch, tokens, cross_attention_dim]. */
  encoderHiddenStates: tf.Tensor3D;
  /** Pooled text embedding [batch, pooled_dim] (SDXL: CLIP-G projected, 1280). */
  textEmbeds: tf.Tensor2D;
  /** SDXL micro-conditioning [batch, 6]: original size, crop top-left, target size. */
  timeIds: tf.Tensor2D;
}

/** The conditioning embeddings the UNet builds before its first block (all [batch, width]). */
export interface UNetConditioningEmbeddings {
  /** Sinusoidal projection of the timestep (`time_proj`). */
  timestepProjection: tf.Tensor2D;
  /** `time_embedding(time_proj(t))`. */
  timeEmbedding: tf.Tensor2D;
  /** Input of `add_embedding`: text_embeds concatenated with the projected time ids. */
  additionInput: tf.Tensor2D;
  /** `add_embedding(additionInput)`. */
  additionEmbedding: tf.Tensor2D;
  /** timeEmbedding + additionEmbedding: what every ResnetBlock2D receives. */
  total: tf.Tensor2D;
}

export interface UNetFromPretrainedOptions {
  /** Folder inside `dir` holding the model (e.g. `unet` in a pipeline layout). */
  subfolder?: string;
  /** Weights variant, e.g. `fp16` for `diffusion_pytorch_model.fp16.safetensors`. */
  variant?: string;
}

export interface UNetSavePretrainedOptions {
  /** On-disk dtype of the weights; weights are float32 in memory either way. */
  dtype: 'float32' | 'float16' | 'bfloat16';
}

export interface ConvertUnetCheckpointOptions extends UNetSavePretrainedOptions {
  /** The source's weights variant, e.g. `fp16` for `diffusion_pytorch_model.fp16.safetensors`. */
  variant?: string;
}
