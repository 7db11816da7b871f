import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { SUM_OF_SQUARES } from './kernel-names.js';

/** The sum of a tensor's squared elements, as a scalar (the squared L2 norm; gradient clipping sums them). */
export function sumOfSquares(x: tf.Tensor): tf.Scalar {
  return tf.engine().runKernel(SUM_OF_SQUARES, { x }) as tf.Scalar;
}
