import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { SUM_OF_SQUARES } from './kernel-names.js';

/**
 * The sum of the squared elements of one tensor or of several together, as a scalar (the squared L2 norm;
 * gradient clipping takes all the gradients' at once): each tensor's sum, then those added in order in
 * float32. One kernel call for the whole list, where a sum and an add per tensor were two.
 */
export function sumOfSquares(tensors: tf.Tensor | readonly tf.Tensor[]): tf.Scalar {
  const list = tensors instanceof tf.Tensor ? [tensors] : [...tensors];
  return tf.engine().runKernel(SUM_OF_SQUARES, list as unknown as tf.NamedTensorMap) as tf.Scalar;
}
