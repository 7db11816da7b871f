import type { CLIPTextConfig } from '../../types/clip.js';
import { configFields } from '../model-config/config-fields.js';

/**
 * Bounds on what a config may ask for, far above SDXL's larger text encoder (in brackets) and small enough
 * that the module tree is described at once.
 */
const LIMITS = {
  vocabSize: { min: 1, max: 1_048_576 }, // [49408]
  width: { min: 1, max: 16384 }, // hidden_size, projection_dim [1280]
  intermediateSize: { min: 1, max: 65536 }, // [5120]
  layers: { min: 1, max: 128 }, // [32]
  positions: { min: 1, max: 8192 }, // [77]
  layerNormEps: { min: 0, max: 1, exclusiveMin: true }, // [1e-5]
};

/**
 * A text_encoder config.json with transformers' CLIPTextConfig defaults filled in. Every field the model
 * reads is type-checked and bounded; a problem is a ModelConfigError naming the field.
 */
export function resolveClipTextConfig(config: Partial<CLIPTextConfig>): CLIPTextConfig {
  const fields = configFields('CLIP text', config);
  const vocabSize = fields.integer('vocab_size', LIMITS.vocabSize, 49408);
  const hiddenSize = fields.integer('hidden_size', LIMITS.width, 512);
  const heads = fields.integer('num_attention_heads', LIMITS.width, 8);
  if (hiddenSize % heads !== 0) {
    fields.fail(
      'num_attention_heads',
      `is ${heads}, which does not divide hidden_size ${hiddenSize}; allowed: a divisor of hidden_size.`,
    );
  }
  return {
    vocab_size: vocabSize,
    hidden_size: hiddenSize,
    intermediate_size: fields.integer('intermediate_size', LIMITS.intermediateSize, 2048),
    num_hidden_layers: fields.integer('num_hidden_layers', LIMITS.layers, 12),
    num_attention_heads: heads,
    max_position_embeddings: fields.integer('max_position_embeddings', LIMITS.positions, 77),
    hidden_act: fields.oneOf('hidden_act', ['quick_gelu', 'gelu'] as const, 'quick_gelu'),
    layer_norm_eps: fields.number('layer_norm_eps', LIMITS.layerNormEps, 1e-5),
    projection_dim: fields.integer('projection_dim', LIMITS.width, 512),
    eos_token_id: fields.integer('eos_token_id', { min: 0, max: vocabSize - 1 }, 2),
  };
}
