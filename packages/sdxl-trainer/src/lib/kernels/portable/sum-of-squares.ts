import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/** The sum of squared elements from tfjs ops. */
export function portableSumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  return withInputTensors(args.backend, [x], (input) => tf.sum(tf.square(input!)));
}
