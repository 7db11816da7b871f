import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/** SiLU backward from tfjs ops: dy * s * (1 + x * (1 - s)), s = sigmoid(x). */
export function portableSiluGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  return withInputTensors(args.backend, [dy, x], (gradient, input) => {
    const sigmoid = tf.sigmoid(input!);
    return tf.mul(gradient!, tf.mul(sigmoid, tf.add(1, tf.mul(input!, tf.sub(1, sigmoid)))));
  });
}
