import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from './engine/kernel-engine.js';
import { CHUNK } from './engine/run-elementwise.js';
import { float32Values } from './float32-values.js';

/** assembly/index.ts's sum-of-squares task. */
const TASK_SUM_OF_SQUARES = 8;

/**
 * The sum of the squared elements of every input: each tensor's in float64 (tfjs would square, then reduce in
 * float32) from pieces of CHUNK values on the kernel engine's threads, their sums added in order (the same
 * total on any thread count) and rounded to float32; the tensors' sums then added in order in float32, as
 * one sum and one add per tensor gave.
 */
export function cpuSumOfSquares(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  let total = 0;
  for (const x of Object.values(args.inputs) as tf.TensorInfo[]) {
    total = Math.fround(total + Math.fround(sumOfSquares(float32Values(args.backend, x))));
  }
  return (args.backend as MathBackendCPU).makeTensorInfo([], 'float32', Float32Array.of(total));
}

function sumOfSquares(values: Float32Array): number {
  const pieces = Math.ceil(values.length / CHUNK);
  if (pieces === 0) return 0;
  const engine = kernelEngine();
  const call = engine.prepare({ inputs: [values], scratch: [pieces * 8] });
  const [input] = call.inputs as [number];
  const [partials] = call.scratch as [number];
  engine.run(TASK_SUM_OF_SQUARES, pieces, [values.length, input, partials]);
  let sum = 0;
  for (const partial of engine.doubles(partials, pieces)) sum += partial;
  return sum;
}
