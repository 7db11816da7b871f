import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/** Softmax backward over the last axis, dx = y * (dy - sum(dy * y)), one row at a time. */
export function cpuSoftmaxLastAxisGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const width = y.shape[y.shape.length - 1]!;
  const gradient = float32Values(args.backend, dy);
  const probabilities = float32Values(args.backend, y);
  const dx = new Float32Array(gradient.length);
  for (let start = 0; start < gradient.length; start += width) {
    let dot = 0;
    for (let i = start; i < start + width; i++) dot += gradient[i]! * probabilities[i]!;
    for (let i = start; i < start + width; i++) dx[i] = probabilities[i]! * (gradient[i]! - dot);
  }
  return (args.backend as MathBackendCPU).makeTensorInfo(y.shape, 'float32', dx);
}
