import * as tf from '@tensorflow/tfjs-core';

import type { CLIPTextConfig, CLIPTextModelOutput } from '../../types/clip.js';
import type { FromPretrainedOptions } from '../../types/pretrained.js';
import { Embedding } from '../nn/embedding.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { loadPretrained } from '../nn/load-pretrained.js';
import { Module, type ParameterSpecEntry } from '../nn/module.js';
import { MAX_CONFIG_BYTES } from '../model-config/max-config-bytes.js';
import { componentDir } from '../folders/component-dir.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { CLIPEncoderLayer } from './clip-encoder-layer.js';
import { resolveClipTextConfig } from './resolve-clip-text-config.js';

// transformers masks future tokens with the most negative float32, not -Infinity.
const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * transformers `CLIPTextModel` (4.38): token + position embeddings, pre-LN encoder layers under a
 * causal mask, final_layer_norm, pooled output at the end-of-text token. Parameter names are the
 * transformers state_dict keys (`text_model.encoder.layers.0.self_attn.q_proj.weight`, ...).
 *
 * @example
 * const encoder = await CLIPTextModel.fromPretrained('sdxl', { subfolder: 'text_encoder' });
 * const { hiddenStates } = encoder.forward(tf.tensor2d(ids, [1, 77], 'int32'));
 */
export class CLIPTextModel extends Module {
  readonly config: CLIPTextConfig;
  readonly tokenEmbedding: Embedding;
  readonly positionEmbedding: Embedding;
  readonly layers: CLIPEncoderLayer[];
  readonly finalLayerNorm: LayerNorm;

  /** Builds the architecture only; no weights are allocated (see `fromPretrained` / `fromConfig`). */
  constructor(config: Partial<CLIPTextConfig>) {
    super();
    this.config = resolveClipTextConfig(config);
    const { vocab_size, hidden_size, max_position_embeddings, num_hidden_layers, layer_norm_eps } =
      this.config;
    this.tokenEmbedding = this.child(
      'text_model.embeddings.token_embedding',
      new Embedding(vocab_size, hidden_size),
    );
    this.positionEmbedding = this.child(
      'text_model.embeddings.position_embedding',
      new Embedding(max_position_embeddings, hidden_size),
    );
    this.layers = Array.from({ length: num_hidden_layers }, (_, index) =>
      this.child(`text_model.encoder.layers.${index}`, new CLIPEncoderLayer(this.config)),
    );
    this.finalLayerNorm = this.child(
      'text_model.final_layer_norm',
      new LayerNorm(hidden_size, layer_norm_eps),
    );
  }

  /** Every state_dict key and shape the config implies, without allocating weights. */
  static parameterSpec<T extends CLIPTextModel>(
    this: new (config: Partial<CLIPTextConfig>) => T,
    config: Partial<CLIPTextConfig>,
  ): ParameterSpecEntry[] {
    return new this(config).parameterSpec();
  }

  /** A model with freshly initialised weights (`seed` makes them repeatable). */
  static fromConfig<T extends CLIPTextModel>(
    this: new (config: Partial<CLIPTextConfig>) => T,
    config: Partial<CLIPTextConfig>,
    { seed = 0 }: { seed?: number } = {},
  ): T {
    return new this(config).initialise(seed);
  }

  /** Loads `config.json` and `model[.variant].safetensors` (or its shards) from `dir` or `dir/subfolder`. */
  static async fromPretrained<T extends CLIPTextModel>(
    this: new (config: Partial<CLIPTextConfig>) => T,
    dir: string,
    options: FromPretrainedOptions = {},
  ): Promise<T> {
    const folder = componentDir(dir, options.subfolder);
    return loadPretrained(folder, {
      readConfig: (configPath) =>
        readJsonFile(configPath, `${this.name} at ${folder}`, { maxBytes: MAX_CONFIG_BYTES }),
      build: (config) => new this(config),
      weightsName: 'model',
      variant: options.variant,
    });
  }

  /** `inputIds` int32 [batch, tokens] (tokens <= max_position_embeddings). The caller disposes the outputs. */
  forward(inputIds: tf.Tensor2D): CLIPTextModelOutput {
    const [batch, tokens] = inputIds.shape;
    if (tokens > this.config.max_position_embeddings) {
      throw new Error(
        `CLIPTextModel: ${tokens} tokens exceed max_position_embeddings ${this.config.max_position_embeddings}; truncate with the tokenizer.`,
      );
    }
    return tf.tidy(() => {
      const positions = tf.range(0, tokens, 1, 'int32');
      let hidden = tf.add(
        this.tokenEmbedding.forward(inputIds),
        this.positionEmbedding.forward(positions),
      ) as tf.Tensor3D;
      const causalMask = tf.tensor(causalMaskValues(tokens), [1, 1, tokens, tokens]);
      const hiddenStates = [hidden];
      for (const layer of this.layers) {
        hidden = layer.forward(hidden, causalMask);
        hiddenStates.push(hidden);
      }
      const lastHiddenState = this.finalLayerNorm.forward(hidden);
      const rowStarts = tf.range(0, batch * tokens, tokens, 'int32');
      const rows = tf.add(rowStarts, this.poolIndices(inputIds));
      const pooledOutput = tf.gather(tf.reshape(lastHiddenState, [batch * tokens, -1]), rows) as tf.Tensor2D;
      return { hiddenStates, lastHiddenState, pooledOutput };
    });
  }

  /**
   * The end-of-text position per prompt, computed on the device (nothing is read back). transformers'
   * legacy rule for eos_token_id 2 (the original CLIP configs, SDXL's included) takes argmax(input_ids):
   * the first 49407, the highest id; newer configs look for the first eos_token_id (position 0 if none).
   */
  private poolIndices(inputIds: tf.Tensor2D): tf.Tensor1D {
    const eos = this.config.eos_token_id;
    // argMax returns the first of equal maxima, as torch's argmax does here.
    return tf.cast(tf.argMax(eos === 2 ? inputIds : tf.equal(inputIds, eos), 1), 'int32') as tf.Tensor1D;
  }
}

function causalMaskValues(tokens: number): Float32Array {
  const values = new Float32Array(tokens * tokens);
  for (let query = 0; query < tokens; query++) {
    values.fill(FLOAT32_MIN, query * tokens + query + 1, (query + 1) * tokens);
  }
  return values;
}
