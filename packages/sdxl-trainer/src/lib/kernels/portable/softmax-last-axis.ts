import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/** Softmax over the last axis with tfjs's own Softmax kernel. */
export function portableSoftmaxLastAxis(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { logits } = args.inputs as { logits: tf.TensorInfo };
  return withInputTensors(args.backend, [logits], (x) => tf.softmax(x!));
}
