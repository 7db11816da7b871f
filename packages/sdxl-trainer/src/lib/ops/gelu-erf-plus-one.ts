import * as tf from '@tensorflow/tfjs-core';

/** erf(x / sqrt 2) + 1, twice the normal CDF at x: the part GELU and its derivative share. */
export function geluErfPlusOne<T extends tf.Tensor>(input: T): T {
  return tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1);
}
