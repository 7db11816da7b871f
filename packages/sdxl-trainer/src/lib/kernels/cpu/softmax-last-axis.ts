import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/** Softmax over the last axis, one row at a time (max-subtracted, as every softmax). */
export function cpuSoftmaxLastAxis(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { logits } = args.inputs as { logits: tf.TensorInfo };
  const width = logits.shape[logits.shape.length - 1]!;
  const x = float32Values(args.backend, logits);
  const y = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += width) {
    let max = -Infinity;
    for (let i = start; i < start + width; i++) max = Math.max(max, x[i]!);
    let sum = 0;
    for (let i = start; i < start + width; i++) {
      const value = Math.exp(x[i]! - max);
      y[i] = value;
      sum += value;
    }
    for (let i = start; i < start + width; i++) y[i] = y[i]! / sum;
  }
  return (args.backend as MathBackendCPU).makeTensorInfo(logits.shape, 'float32', y);
}
