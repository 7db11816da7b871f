import { roundHalfEven } from '@pixel/constraints';

const U16_MAX = 65535;

/**
 * The SDK's `convert_weights_and_uids_for_emit`: refuse negatives, scale so the largest weight is 65535,
 * round half-to-even to u16 and drop entries that become 0. All-zero weights give empty lists.
 */
export function normalizeWeights(
  uids: readonly number[],
  weights: readonly number[],
): { uids: number[]; weights: number[] } {
  if (uids.length !== weights.length) {
    throw new Error(`uids (${uids.length}) and weights (${weights.length}) must have the same length`);
  }
  for (const uid of uids) {
    if (!Number.isInteger(uid) || uid < 0 || uid > U16_MAX)
      throw new Error(`uid ${uid} is not an integer in 0..65535`);
  }
  for (const weight of weights) {
    if (!Number.isFinite(weight) || weight < 0)
      throw new Error(`weight ${weight} is not a finite number >= 0`);
  }
  const max = Math.max(0, ...weights);
  const result = { uids: [] as number[], weights: [] as number[] };
  if (max === 0) return result;
  weights.forEach((weight, index) => {
    const scaled = roundHalfEven((weight / max) * U16_MAX);
    if (scaled === 0) return;
    result.uids.push(uids[index] ?? 0);
    result.weights.push(scaled);
  });
  return result;
}
