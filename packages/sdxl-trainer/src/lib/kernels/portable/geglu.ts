import * as tf from '@tensorflow/tfjs-core';
import { gelu } from '../../ops/gelu.js';
import { withInputTensors } from '../with-input-tensors.js';

/** GEGLU forward from tfjs ops, for backends without a kernel of their own: hidden * gelu(gate). */
export function portableGeglu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  return withInputTensors(args.backend, [x], (input) => {
    const [hidden, gate] = tf.split(input!, 2, -1);
    return tf.mul(hidden!, gelu(gate!));
  });
}
