import type { TimestepBias } from './types.js';

/** Python's slice(start, stop) over `length` items, as a half-open [from, to) range. */
function pythonSlice(start: number, stop: number | undefined, length: number): [number, number] {
  const clamp = (i: number) => Math.min(length, Math.max(0, i < 0 ? i + length : i));
  return [clamp(start), stop === undefined ? length : clamp(stop)];
}

/**
 * The sampling weight of every training timestep, as diffusers' generate_timestep_weights: float32
 * ones, the biased slice multiplied by `multiplier`, normalised to sum 1. `none` gives the
 * unnormalised ones (the training script then samples uniformly). Quirks kept on purpose so a bias
 * means what it means in diffusers: `later` with a portion that rounds to 0 timesteps biases all of
 * them (Python's `slice(-0, None)`), and a `range` whose end is not after its begin biases none.
 */
export function timestepWeights(bias: TimestepBias, numTimesteps: number): Float32Array {
  const weights = new Float32Array(numTimesteps).fill(1);
  if (bias.strategy === 'none') return weights;
  const numToBias = Math.trunc(bias.portion * numTimesteps);
  let range: [number, number];
  if (bias.strategy === 'later') {
    range = pythonSlice(-numToBias, undefined, numTimesteps);
  } else if (bias.strategy === 'earlier') {
    range = pythonSlice(0, numToBias, numTimesteps);
  } else {
    if (bias.begin < 0) {
      throw new Error(`--timestep_bias_begin must be 0 or more for the range strategy, got ${bias.begin}.`);
    }
    if (bias.end > numTimesteps) {
      throw new Error(
        `--timestep_bias_end must be at most the number of training timesteps (${numTimesteps}), got ${bias.end}.`,
      );
    }
    range = pythonSlice(bias.begin, bias.end, numTimesteps);
  }
  if (!(bias.multiplier > 0)) {
    throw new Error(
      `--timestep_bias_multiplier must be greater than 0 (got ${bias.multiplier}); to train without a bias use --timestep_bias_strategy none.`,
    );
  }
  for (let t = range[0]; t < range[1]; t++) weights[t] = Math.fround(weights[t]! * bias.multiplier);
  let sum = 0;
  for (const w of weights) sum += w;
  const total = Math.fround(sum);
  for (let t = 0; t < numTimesteps; t++) weights[t] = weights[t]! / total;
  return weights;
}
