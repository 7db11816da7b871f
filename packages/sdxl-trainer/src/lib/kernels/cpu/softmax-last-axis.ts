import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { runElementwise, TASK_SOFTMAX } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** Softmax over the last axis (max-subtracted, as every softmax), rows shared among the kernel engine's threads. */
export function cpuSoftmaxLastAxis(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { logits } = args.inputs as { logits: tf.TensorInfo };
  const width = logits.shape[logits.shape.length - 1]!;
  const x = float32Values(args.backend, logits);
  const y = runElementwise(TASK_SOFTMAX, width, width > 0 ? x.length / width : 0, [x]);
  return (args.backend as MathBackendCPU).makeTensorInfo(logits.shape, 'float32', y);
}
