import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from './engine/kernel-engine.js';
import { CHUNK } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** assembly/index.ts's sum-of-squares task. */
const TASK_SUM_OF_SQUARES = 8;

/**
 * The sum of squared elements in float64 (tfjs would square, then reduce in float32): pieces of CHUNK
 * values on the kernel engine's threads, their sums added in order (the same total on any thread count).
 */
export function cpuSumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const values = float32Values(args.backend, x);
  const pieces = Math.ceil(values.length / CHUNK);
  let sum = 0;
  if (pieces > 0) {
    const engine = kernelEngine();
    const [input, partials] = engine.reserve([values.length * 4, pieces * 8]) as [number, number];
    engine.floats(input, values.length).set(values);
    engine.run(TASK_SUM_OF_SQUARES, pieces, [values.length, input, partials]);
    for (const partial of engine.doubles(partials, pieces)) sum += partial;
  }
  return (args.backend as MathBackendCPU).makeTensorInfo([], 'float32', Float32Array.of(sum));
}
