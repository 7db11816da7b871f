import * as tf from '@tensorflow/tfjs-core';
import type { UNet2DConditionConfig, UNetForwardInput } from '../../types/unet.js';

/**
 * Random inputs (timing only) for one UNet call on a batch of `batch` (1 by default): `latentSize` x
 * `latentSize` latents, `tokens` prompt tokens, timestep 500, micro-conditioning for the matching image
 * size, and a noise target shaped like the latents.
 */
export function randomUnetInput(
  config: UNet2DConditionConfig,
  latentSize: number,
  tokens: number,
  batch = 1,
): UNetForwardInput & { timestep: number[]; noise: tf.Tensor4D } {
  const crossDim = config.cross_attention_dim as number;
  const pooledDim =
    (config.projection_class_embeddings_input_dim as number) - 6 * (config.addition_time_embed_dim as number);
  const latentShape: [number, number, number, number] = [batch, 4, latentSize, latentSize];
  const imageSize = latentSize * 8;
  return {
    sample: tf.randomNormal(latentShape, 0, 1, 'float32', 1) as tf.Tensor4D,
    noise: tf.randomNormal(latentShape, 0, 1, 'float32', 2) as tf.Tensor4D,
    timestep: Array<number>(batch).fill(500),
    encoderHiddenStates: tf.randomNormal([batch, tokens, crossDim], 0, 1, 'float32', 3) as tf.Tensor3D,
    textEmbeds: tf.randomNormal([batch, pooledDim], 0, 1, 'float32', 4) as tf.Tensor2D,
    timeIds: tf.tensor2d(
      Array.from({ length: batch }, () => [imageSize, imageSize, 0, 0, imageSize, imageSize]),
    ),
  };
}
