import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/** The sum of squared elements in one pass, summed in float64 (tfjs would square, then reduce in float32). */
export function cpuSumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const values = float32Values(args.backend, x);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return (args.backend as MathBackendCPU).makeTensorInfo([], 'float32', Float32Array.of(sum));
}
