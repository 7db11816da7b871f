import * as tf from '@tensorflow/tfjs-core';

import type { FromPretrainedOptions } from '../../types/pretrained.js';
import { CLIPTextModel } from '../clip/clip-text-model.js';
import { CLIPTextModelWithProjection } from '../clip/clip-text-model-with-projection.js';
import { CLIPTokenizer, type TextCleanup } from '../tokenizer/clip-tokenizer.js';
import { readModelIndex } from './read-model-index.js';

/** SDXL's text conditioning for a batch of prompts. */
export interface PromptEmbeddings {
  /** hidden_states[-2] of both encoders concatenated on the features: [batch, 77, 768 + 1280] for SDXL. */
  promptEmbeds: tf.Tensor3D;
  /** text_encoder_2's projected pooled output (the UNet's `textEmbeds`): [batch, 1280] for SDXL. */
  pooledPromptEmbeds: tf.Tensor2D;
}

const TEXT_COMPONENTS = {
  tokenizer: ['CLIPTokenizer', 'CLIPTokenizerFast'],
  tokenizer_2: ['CLIPTokenizer', 'CLIPTokenizerFast'],
  text_encoder: ['CLIPTextModel'],
  text_encoder_2: ['CLIPTextModelWithProjection'],
} as const;

/**
 * SDXL prompt encoding as the training script's `encode_prompt`: each tokenizer pads/truncates to
 * 77 tokens, each encoder's penultimate hidden states are concatenated, and the pooled embedding is
 * text_encoder_2's projected output.
 *
 * @example
 * const encoder = await SdxlPromptEncoder.fromPretrained('stable-diffusion-xl-base-1.0');
 * const { promptEmbeds, pooledPromptEmbeds } = encoder.encode(['a photo of a cat']);
 */
export class SdxlPromptEncoder {
  constructor(
    readonly tokenizer: CLIPTokenizer,
    readonly tokenizer2: CLIPTokenizer,
    readonly textEncoder: CLIPTextModel,
    readonly textEncoder2: CLIPTextModelWithProjection,
  ) {}

  /** Loads tokenizer, tokenizer_2, text_encoder and text_encoder_2 of a pipeline folder (checked against model_index.json). */
  static async fromPretrained(
    dir: string,
    options: Pick<FromPretrainedOptions, 'variant'> & { textCleanup?: TextCleanup } = {},
  ): Promise<SdxlPromptEncoder> {
    await readModelIndex(dir, TEXT_COMPONENTS);
    const { variant, textCleanup } = options;
    const tokenizer = await CLIPTokenizer.fromPretrained(dir, { subfolder: 'tokenizer', textCleanup });
    const tokenizer2 = await CLIPTokenizer.fromPretrained(dir, { subfolder: 'tokenizer_2', textCleanup });
    const textEncoder = await CLIPTextModel.fromPretrained(dir, { subfolder: 'text_encoder', variant });
    try {
      const textEncoder2 = await CLIPTextModelWithProjection.fromPretrained(dir, {
        subfolder: 'text_encoder_2',
        variant,
      });
      return new SdxlPromptEncoder(tokenizer, tokenizer2, textEncoder, textEncoder2);
    } catch (error) {
      textEncoder.dispose();
      throw error;
    }
  }

  /** Embeddings of `prompts` (the caller disposes them). */
  encode(prompts: readonly string[]): PromptEmbeddings {
    return tf.tidy(() => {
      const hidden = (tokenizer: CLIPTokenizer) =>
        tf.tensor2d(tokenizer.encode(prompts).inputIds, [prompts.length, tokenizer.maxLength], 'int32');
      const first = this.textEncoder.forward(hidden(this.tokenizer));
      const second = this.textEncoder2.forward(hidden(this.tokenizer2));
      const penultimate = (states: tf.Tensor3D[]) => states[states.length - 2]!;
      return {
        promptEmbeds: tf.concat([penultimate(first.hiddenStates), penultimate(second.hiddenStates)], -1),
        pooledPromptEmbeds: second.textEmbeds,
      };
    });
  }

  dispose(): void {
    this.textEncoder.dispose();
    this.textEncoder2.dispose();
  }
}
