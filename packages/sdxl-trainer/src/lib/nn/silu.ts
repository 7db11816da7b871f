import * as tf from '@tensorflow/tfjs-core';

/** SiLU (swish): x * sigmoid(x), PyTorch's `F.silu`. */
export function silu<T extends tf.Tensor>(input: T): T {
  return tf.mul(input, tf.sigmoid(input));
}
