import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { CHUNK, runElementwise, TASK_SILU } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** SiLU forward, x / (1 + exp(-x)), in one pass on the kernel engine's threads (tfjs would run sigmoid and a multiply). */
export function cpuSilu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const values = float32Values(args.backend, x);
  const out = runElementwise(TASK_SILU, values.length, Math.ceil(values.length / CHUNK), [values]);
  return (args.backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', out);
}
