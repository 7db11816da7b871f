import * as tf from '@tensorflow/tfjs-core';
import { geluErfPlusOne } from './gelu-erf-plus-one.js';

/**
 * Exact GELU, PyTorch's `F.gelu` default: 0.5 x (1 + erf(x / sqrt 2)). A caller that also needs GELU's
 * derivative passes `erfPlusOne` (geluErfPlusOne of the same input), so erf is computed once.
 */
export function gelu<T extends tf.Tensor>(input: T, erfPlusOne: tf.Tensor = geluErfPlusOne(input)): T {
  return tf.mul(tf.mul(input, 0.5), erfPlusOne);
}
