import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { runElementwise, TASK_GEGLU } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** GEGLU forward, hidden * gelu(gate) from each row's two halves, in one pass on the kernel engine's threads. */
export function cpuGeglu(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const values = float32Values(args.backend, x);
  const half = x.shape.at(-1)! / 2;
  const rows = half > 0 ? values.length / (2 * half) : 0;
  const y = runElementwise(TASK_GEGLU, half, rows, [values], [], rows * half);
  return (args.backend as MathBackendCPU).makeTensorInfo([...x.shape.slice(0, -1), half], 'float32', y);
}
