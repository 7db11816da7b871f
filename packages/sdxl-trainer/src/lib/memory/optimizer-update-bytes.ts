import { optimizerStateBytes, type OptimizerKind } from './optimizer-state-bytes.js';

/**
 * Bytes one optimizer update of a parameter of this shape allocates before its results replace the old
 * values: the new parameter and the new state (AdamW's and Adafactor's update is one kernel returning
 * them; the caller assigns and frees them before the next tensor).
 */
export function optimizerUpdateBytes(shape: readonly number[], optimizer: OptimizerKind): number {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return 4 * size + optimizerStateBytes(shape, optimizer);
}
