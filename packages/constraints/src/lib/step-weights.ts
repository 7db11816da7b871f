import type { UidValues } from '../types/public.js';
import { uidEntries } from './uid-entries.js';

/**
 * softmax(winRate / temperature) over the evaluated uids, as the reference's step weights.
 * The largest exponent is subtracted first (as torch.softmax does), so low temperatures cannot
 * overflow to Infinity/NaN. Returns a Map in the input's iteration order.
 */
export function stepWeights(winRate: UidValues<number>, temperature: number): Map<number, number> {
  if (!(temperature > 0))
    throw new RangeError(`stepWeights: temperature must be above 0, got ${temperature}.`);
  const entries = uidEntries(winRate);
  const scaled = entries.map(([, rate]) => rate / temperature);
  const largest = Math.max(...scaled);
  const exponentials = scaled.map((x) => Math.exp(x - largest));
  const total = exponentials.reduce((sum, x) => sum + x, 0);
  return new Map(entries.map(([uid], i) => [uid, exponentials[i]! / total]));
}
