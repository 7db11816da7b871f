import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * The sum of the squared elements of every input from tfjs ops: one sum per tensor, added pairwise in order
 * (one AddN over hundreds of gradients binds more buffers than a WebGPU shader may: its result was silently 0).
 */
export function portableSumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const inputs = Object.values(args.inputs) as tf.TensorInfo[];
  return withInputTensors(args.backend, inputs, (...tensors) =>
    tensors.reduce<tf.Tensor>((sum, x) => tf.add(sum, tf.sum(tf.square(x))), tf.scalar(0)),
  );
}
