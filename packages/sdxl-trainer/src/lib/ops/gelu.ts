import * as tf from '@tensorflow/tfjs-core';

/** Exact GELU, PyTorch's `F.gelu` default: 0.5 x (1 + erf(x / sqrt 2)). */
export function gelu<T extends tf.Tensor>(input: T): T {
  return tf.mul(tf.mul(input, 0.5), tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1));
}
