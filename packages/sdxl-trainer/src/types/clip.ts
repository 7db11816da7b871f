import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs-core';

/** The fields of a transformers `CLIPTextConfig` (text_encoder/config.json) the text models use. */
export interface CLIPTextConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  max_position_embeddings: number;
  hidden_act: 'quick_gelu' | 'gelu';
  layer_norm_eps: number;
  /** Width of `text_projection` (CLIPTextModelWithProjection only). */
  projection_dim: number;
  /** 2 in the original CLIP configs, which makes the pooled token the highest id (transformers' legacy rule). */
  eos_token_id: number;
}

/** What a CLIP text model returns for a batch of token ids. */
export interface CLIPTextModelOutput {
  /** Embeddings (k = 0) then the output of each encoder layer, [batch, tokens, hidden]; SDXL uses [-2]. */
  hiddenStates: Tensor3D[];
  /** final_layer_norm of the last layer's output. */
  lastHiddenState: Tensor3D;
  /** lastHiddenState at each prompt's end-of-text token, [batch, hidden]. */
  pooledOutput: Tensor2D;
}

/** CLIPTextModelWithProjection adds the projected pooled output (SDXL's pooled prompt embedding). */
export interface CLIPTextModelWithProjectionOutput extends CLIPTextModelOutput {
  /** text_projection(pooledOutput), [batch, projection_dim]. */
  textEmbeds: Tensor2D;
}
