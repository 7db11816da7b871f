import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/** Softmax backward over the last axis from tfjs ops: y * (dy - sum(dy * y)). */
export function portableSoftmaxLastAxisGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  return withInputTensors(args.backend, [dy, y], (gradient, probabilities) =>
    tf.mul(probabilities!, tf.sub(gradient!, tf.sum(tf.mul(gradient!, probabilities!), -1, true))),
  );
}
