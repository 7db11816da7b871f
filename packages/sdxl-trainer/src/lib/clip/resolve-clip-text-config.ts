import type { CLIPTextConfig } from '../../types/clip.js';

// transformers' CLIPTextConfig defaults.
const DEFAULTS: CLIPTextConfig = {
  vocab_size: 49408,
  hidden_size: 512,
  intermediate_size: 2048,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  max_position_embeddings: 77,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
  projection_dim: 512,
  eos_token_id: 2,
};

/** A text_encoder config.json with transformers' defaults filled in; unsupported values name their field. */
export function resolveClipTextConfig(config: Partial<CLIPTextConfig>): CLIPTextConfig {
  const resolved = { ...DEFAULTS, ...config };
  for (const field of [
    'vocab_size',
    'hidden_size',
    'intermediate_size',
    'num_hidden_layers',
    'num_attention_heads',
    'max_position_embeddings',
    'projection_dim',
  ] as const) {
    const value = resolved[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`CLIP text config: ${field} must be a positive integer, got ${JSON.stringify(value)}.`);
    }
  }
  if (resolved.hidden_act !== 'quick_gelu' && resolved.hidden_act !== 'gelu') {
    throw new Error(
      `CLIP text config: hidden_act ${JSON.stringify(resolved.hidden_act)} is not supported; use "quick_gelu" or "gelu".`,
    );
  }
  if (resolved.hidden_size % resolved.num_attention_heads !== 0) {
    throw new Error(
      `CLIP text config: hidden_size ${resolved.hidden_size} is not divisible by num_attention_heads ${resolved.num_attention_heads}.`,
    );
  }
  return resolved;
}
