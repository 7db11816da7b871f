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
 * Runs an element-wise task on the kernel engine's threads: copies `inputs` into its memory, runs `units`
 * units with slot 2 = `size` (a row width or the length), then `settings`, then the inputs' and the output's
 * addresses, and returns the output (a copy of `outputLength` values, by default the first input's length).
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
  const addresses = engine.reserve([...inputs.map((values) => values.length * 4), outputLength * 4]);
  inputs.forEach((values, i) => engine.floats(addresses[i]!, values.length).set(values));
  engine.run(task, units, [size, ...settings, ...addresses]);
  return engine.floats(addresses[inputs.length]!, outputLength).slice();
}
