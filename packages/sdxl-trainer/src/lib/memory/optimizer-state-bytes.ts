/** Which optimizer holds state, and whether Adafactor keeps a first moment (`beta1` set). */
export interface OptimizerKind {
  type: 'adamw' | 'adafactor';
  firstMoment: boolean;
}

/**
 * Bytes of optimizer state (float32) for one parameter of this PyTorch shape: AdamW's two moments; or
 * Adafactor's second moment, factored for a tensor of rank 2 or more into a row statistic (the shape
 * without its last dimension) and a column statistic (without its second-to-last), as transformers does,
 * so a conv weight [out, in, 3, 3] keeps two thirds of its size and a linear weight [out, in] out + in
 * values; a vector keeps a full second moment; plus a full first moment when `beta1` is set.
 */
export function optimizerStateBytes(shape: readonly number[], optimizer: OptimizerKind): number {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  if (optimizer.type === 'adamw') return 4 * 2 * size;
  const firstMoment = optimizer.firstMoment ? size : 0;
  if (shape.length < 2) return 4 * (size + firstMoment);
  const last = shape[shape.length - 1]!;
  const beforeLast = shape[shape.length - 2]!;
  return 4 * (size / last + size / beforeLast + firstMoment);
}
