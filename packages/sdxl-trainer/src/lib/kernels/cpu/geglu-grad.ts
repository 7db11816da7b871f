import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { runElementwise, TASK_GEGLU_GRAD } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** GEGLU backward, [dy * gelu(gate), dy * hidden * gelu'(gate)] per row, in one pass on the kernel engine's threads. */
export function cpuGegluGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const source = float32Values(args.backend, x);
  const half = x.shape.at(-1)! / 2;
  const rows = half > 0 ? source.length / (2 * half) : 0;
  const gradient = float32Values(args.backend, dy);
  const dx = runElementwise(TASK_GEGLU_GRAD, half, rows, [gradient, source], [], source.length);
  return (args.backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', dx);
}
