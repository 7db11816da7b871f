import { timestepWeights } from './timestep-weights.js';
import type { TimestepBias } from './types.js';

const DEFAULTS: TimestepBias = { strategy: 'none', multiplier: 1, begin: 0, end: 1000, portion: 0.25 };

/** Indices whose weight is larger than the smallest weight. */
function biased(weights: Float32Array): number[] {
  const min = Math.min(...weights);
  return [...weights.keys()].filter((t) => weights[t]! > min);
}

describe('timestepWeights (diffusers generate_timestep_weights)', () => {
  it('none: unnormalised ones', () => {
    expect(timestepWeights(DEFAULTS, 4)).toEqual(new Float32Array([1, 1, 1, 1]));
  });

  it('earlier / later: the first / last int(portion * T) timesteps times the multiplier, normalised', () => {
    const earlier = timestepWeights({ ...DEFAULTS, strategy: 'earlier', multiplier: 2, portion: 0.25 }, 1000);
    expect(biased(earlier)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(earlier[0]).toBeCloseTo(2 / 1250, 9);
    expect(earlier[999]).toBeCloseTo(1 / 1250, 9);
    const later = timestepWeights({ ...DEFAULTS, strategy: 'later', multiplier: 3, portion: 0.1 }, 10);
    expect(biased(later)).toEqual([9]);
    expect(later[9]).toBeCloseTo(3 / 12, 7);
    expect(later.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('portion truncates like int(); later with a zero count biases everything (slice(-0, None))', () => {
    expect(
      biased(timestepWeights({ ...DEFAULTS, strategy: 'earlier', multiplier: 2, portion: 0.29 }, 10)),
    ).toEqual([0, 1]);
    const allLater = timestepWeights({ ...DEFAULTS, strategy: 'later', multiplier: 5, portion: 0.05 }, 10);
    expect([...allLater]).toEqual(new Array(10).fill(Math.fround(0.1)));
    const noneEarlier = timestepWeights(
      { ...DEFAULTS, strategy: 'earlier', multiplier: 5, portion: 0.05 },
      10,
    );
    expect([...noneEarlier]).toEqual(new Array(10).fill(Math.fround(0.1)));
  });

  it('range: [begin, end) times the multiplier; checks the bounds as diffusers does', () => {
    const weights = timestepWeights({ ...DEFAULTS, strategy: 'range', multiplier: 4, begin: 2, end: 5 }, 10);
    expect(biased(weights)).toEqual([2, 3, 4]);
    expect(weights[2]).toBeCloseTo(4 / 19, 7);
    expect(
      biased(timestepWeights({ ...DEFAULTS, strategy: 'range', multiplier: 4, begin: 6, end: 5 }, 10)),
    ).toEqual([]);
    expect(() => timestepWeights({ ...DEFAULTS, strategy: 'range', multiplier: 2, begin: -1 }, 1000)).toThrow(
      /--timestep_bias_begin/,
    );
    expect(() => timestepWeights({ ...DEFAULTS, strategy: 'range', multiplier: 2, end: 1001 }, 1000)).toThrow(
      '--timestep_bias_end must be at most the number of training timesteps (1000), got 1001.',
    );
  });

  it('refuses a multiplier that would switch timesteps off (diffusers returns, not raises, this error)', () => {
    expect(() => timestepWeights({ ...DEFAULTS, strategy: 'later', multiplier: 0 }, 1000)).toThrow(
      /--timestep_bias_strategy none/,
    );
  });
});
