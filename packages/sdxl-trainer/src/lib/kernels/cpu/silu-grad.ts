import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { CHUNK, runElementwise, TASK_SILU_GRAD } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** SiLU backward, dy * s * (1 + x * (1 - s)) with s = sigmoid(x), in one pass on the kernel engine's threads. */
export function cpuSiluGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const gradient = float32Values(args.backend, dy);
  const source = float32Values(args.backend, x);
  const dx = runElementwise(TASK_SILU_GRAD, source.length, Math.ceil(source.length / CHUNK), [
    gradient,
    source,
  ]);
  return (args.backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', dx);
}
