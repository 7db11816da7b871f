import type { RandomGenerator } from '../random/random-generator.js';
import { timestepWeights } from './timestep-weights.js';
import type { TimestepBias } from './types.js';

/** Draws `count` training timesteps from `random`. */
export type TimestepSampler = (random: RandomGenerator, count: number) => Int32Array;

/**
 * The training step's timestep draw: uniform integers in [0, numTrainTimesteps) (torch.randint in
 * the diffusers script) or, with a bias strategy, draws with replacement from
 * {@link timestepWeights} (torch.multinomial), by inverting the cumulative weights.
 */
export function createTimestepSampler(bias: TimestepBias, numTrainTimesteps: number): TimestepSampler {
  if (!Number.isInteger(numTrainTimesteps) || numTrainTimesteps < 1) {
    throw new Error(
      `The scheduler's num_train_timesteps must be a positive integer, got ${numTrainTimesteps}.`,
    );
  }
  if (bias.strategy === 'none') {
    return (random, count) => Int32Array.from({ length: count }, () => random.integer(numTrainTimesteps));
  }
  const weights = timestepWeights(bias, numTrainTimesteps);
  const cumulative = new Float64Array(numTrainTimesteps);
  let running = 0;
  weights.forEach((w, t) => (cumulative[t] = running += w));
  const total = running;
  return (random, count) =>
    Int32Array.from({ length: count }, () => {
      const target = random.uniform() * total;
      // First timestep whose cumulative weight exceeds the target: zero-weight timesteps never win.
      let lo = 0;
      let hi = numTrainTimesteps - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    });
}
