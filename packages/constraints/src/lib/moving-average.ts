/**
 * The validator's weight update `alpha * previous + (1 - alpha) * next`. When the metagraph has
 * changed size, `previous` is cut or zero-padded to the length of `next`, and NaN becomes 0,
 * as in the reference.
 */
export function movingAverage(previous: readonly number[], next: readonly number[], alpha: number): number[] {
  return next.map((value, i) => {
    const averaged = alpha * (previous[i] ?? 0) + (1 - alpha) * value;
    return Number.isNaN(averaged) ? 0 : averaged;
  });
}
