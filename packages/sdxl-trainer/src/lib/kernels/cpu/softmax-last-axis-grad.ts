import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { runElementwise, TASK_SOFTMAX_GRAD } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** Softmax backward over the last axis, dx = y * (dy - sum(dy * y)), rows shared among the engine's threads. */
export function cpuSoftmaxLastAxisGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const width = y.shape[y.shape.length - 1]!;
  const gradient = float32Values(args.backend, dy);
  const probabilities = float32Values(args.backend, y);
  const dx = runElementwise(TASK_SOFTMAX_GRAD, width, width > 0 ? gradient.length / width : 0, [
    gradient,
    probabilities,
  ]);
  return (args.backend as MathBackendCPU).makeTensorInfo(y.shape, 'float32', dx);
}
