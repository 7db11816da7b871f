import type { UidValues } from '../types/public.js';
import { uidEntries } from './uid-entries.js';

/**
 * Places per-uid step weights into a zero vector of the metagraph size and scales it to sum to
 * `total` (number of competitions * the competition's reward share), as the validator does before
 * the moving average. All zeros stays all zeros (the reference's NaN is zeroed by nan_to_num).
 */
export function scatterWeights(weights: UidValues<number>, metagraphSize: number, total: number): number[] {
  const vector = new Array<number>(metagraphSize).fill(0);
  for (const [uid, weight] of uidEntries(weights)) {
    if (!Number.isInteger(uid) || uid < 0 || uid >= metagraphSize) {
      throw new RangeError(`scatterWeights: uid ${uid} is outside the metagraph of ${metagraphSize} uids.`);
    }
    vector[uid] = weight;
  }
  const sum = vector.reduce((acc, w) => acc + w, 0);
  if (sum === 0) return vector;
  const scale = total / sum;
  return vector.map((w) => w * scale);
}
