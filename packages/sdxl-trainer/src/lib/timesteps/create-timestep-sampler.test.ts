import { RandomGenerator } from '../random/random-generator.js';
import { createTimestepSampler } from './create-timestep-sampler.js';
import type { TimestepBias } from './types.js';

const DEFAULTS: TimestepBias = { strategy: 'none', multiplier: 1, begin: 0, end: 1000, portion: 0.25 };

describe('createTimestepSampler', () => {
  it('draws uniform integer timesteps in [0, T) without a bias, reproducibly from the seed', () => {
    const sample = createTimestepSampler(DEFAULTS, 1000);
    const draws = sample(RandomGenerator.fromSeed(5), 20_000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1000);
    expect(draws.filter((t) => t < 500).length / draws.length).toBeCloseTo(0.5, 1);
    expect(sample(RandomGenerator.fromSeed(5), 20_000)).toEqual(draws);
    expect(sample(RandomGenerator.fromSeed(6), 8)).not.toEqual(draws.subarray(0, 8));
  });

  it('earlier x2 over a quarter: P(t < 250) = 500 / 1250', () => {
    const sample = createTimestepSampler(
      { ...DEFAULTS, strategy: 'earlier', multiplier: 2, portion: 0.25 },
      1000,
    );
    const draws = sample(RandomGenerator.fromSeed(7), 40_000);
    expect(draws.filter((t) => t < 250).length / draws.length).toBeCloseTo(0.4, 1.7);
    expect(Math.max(...draws)).toBeLessThan(1000);
  });

  it('range x1000 puts almost every draw inside the range and covers its ends', () => {
    const sample = createTimestepSampler(
      { ...DEFAULTS, strategy: 'range', multiplier: 1000, begin: 200, end: 210 },
      1000,
    );
    const draws = sample(RandomGenerator.fromSeed(8), 5_000);
    const inside = draws.filter((t) => t >= 200 && t < 210);
    expect(inside.length / draws.length).toBeGreaterThan(0.9);
    expect(new Set(inside).size).toBe(10);
  });

  it('rejects a scheduler without timesteps', () => {
    expect(() => createTimestepSampler(DEFAULTS, 0)).toThrow(/num_train_timesteps/);
  });
});
