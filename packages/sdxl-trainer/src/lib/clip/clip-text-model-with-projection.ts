import * as tf from '@tensorflow/tfjs-core';

import type { CLIPTextConfig, CLIPTextModelWithProjectionOutput } from '../../types/clip.js';
import { Linear } from '../nn/linear.js';
import { CLIPTextModel } from './clip-text-model.js';

/**
 * transformers `CLIPTextModelWithProjection` (SDXL's text_encoder_2): CLIPTextModel plus
 * `text_projection` (no bias) applied to the pooled output, giving `textEmbeds`.
 */
export class CLIPTextModelWithProjection extends CLIPTextModel {
  readonly textProjection: Linear;

  constructor(config: Partial<CLIPTextConfig>) {
    super(config);
    this.textProjection = this.child(
      'text_projection',
      new Linear(this.config.hidden_size, this.config.projection_dim, { bias: false }),
    );
  }

  override forward(inputIds: tf.Tensor2D): CLIPTextModelWithProjectionOutput {
    const output = super.forward(inputIds);
    const textEmbeds = tf.tidy(() => this.textProjection.forward(output.pooledOutput));
    return { ...output, textEmbeds };
  }
}
