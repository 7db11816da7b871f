import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/** SiLU forward from tfjs ops, for backends without a kernel of their own: x * sigmoid(x). */
export function portableSilu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  return withInputTensors(args.backend, [x], (input) => tf.mul(input!, tf.sigmoid(input!)));
}
