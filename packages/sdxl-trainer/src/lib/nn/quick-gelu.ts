import * as tf from '@tensorflow/tfjs-core';

/** transformers' `quick_gelu` (OpenAI CLIP's activation): x * sigmoid(1.702 x). */
export function quickGelu<T extends tf.Tensor>(input: T): T {
  return tf.mul(input, tf.sigmoid(tf.mul(input, 1.702)));
}
