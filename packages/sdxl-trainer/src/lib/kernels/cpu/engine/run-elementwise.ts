import { kernelEngine } from './kernel-engine.js';

/** assembly/index.ts's element-wise tasks, and the values in one unit of the SiLU tasks. */
export const TASK_SOFTMAX = 4;
export const TASK_SOFTMAX_GRAD = 5;
export const TASK_SILU = 6;
export const TASK_SILU_GRAD = 7;
export const TASK_BINARY = 11;
export const TASK_UNARY = 12;
export const TASK_GEGLU = 13;
export const TASK_GEGLU_GRAD = 14;
export const CHUNK = 4096;

/**
 * Runs an element-wise task on the kernel engine's threads: `inputs` read where they lie in its memory (else
 * copied in), `units` units with slot 2 = `size` (a row width or the length), then `settings`, then the
 * inputs' and the output's addresses; returns the output (`outputLength` values, by default the first
 * input's length), a block of the engine's memory where it has room.
 */
export function runElementwise(
  task: number,
  size: number,
  units: number,
  inputs: readonly Float32Array[],
  settings: readonly number[] = [],
  outputLength = inputs[0]!.length,
): Float32Array {
  if (outputLength === 0) return new Float32Array(0);
  const engine = kernelEngine();
  const call = engine.prepare({ inputs, outputs: [outputLength] });
  engine.run(task, units, [size, ...settings, ...call.inputs, ...call.outputs]);
  return call.results()[0]!;
}
