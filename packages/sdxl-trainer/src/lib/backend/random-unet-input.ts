import * as tf from '@tensorflow/tfjs-core';
import type { UNet2DConditionConfig, UNetForwardInput } from '../../types/unet.js';

/**
 * Random inputs (timing only) for one UNet call on a batch of 1: `latentSize` x `latentSize` latents,
 * `tokens` prompt tokens, timestep 500, micro-conditioning for the matching image size, and a noise target
 * shaped like the latents.
 */
export function randomUnetInput(
  config: UNet2DConditionConfig,
  latentSize: number,
  tokens: number,
): UNetForwardInput & { timestep: number[]; noise: tf.Tensor4D } {
  const crossDim = config.cross_attention_dim as number;
  const pooledDim =
    (config.projection_class_embeddings_input_dim as number) - 6 * (config.addition_time_embed_dim as number);
  const latentShape: [number, number, number, number] = [1, 4, latentSize, latentSize];
  const imageSize = latentSize * 8;
  return {
    sample: tf.randomNormal(latentShape, 0, 1, 'float32', 1) as tf.Tensor4D,
    noise: tf.randomNormal(latentShape, 0, 1, 'float32', 2) as tf.Tensor4D,
    timestep: [500],
    encoderHiddenStates: tf.randomNormal([1, tokens, crossDim], 0, 1, 'float32', 3) as tf.Tensor3D,
    textEmbeds: tf.randomNormal([1, pooledDim], 0, 1, 'float32', 4) as tf.Tensor2D,
    timeIds: tf.tensor2d([[imageSize, imageSize, 0, 0, imageSize, imageSize]]),
  };
}
