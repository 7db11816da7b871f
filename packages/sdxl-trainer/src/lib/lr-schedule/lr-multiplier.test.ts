import { createLrSchedule } from './create-lr-schedule.js';
import { lrMultiplier } from './lr-multiplier.js';
import type { LrSchedulerName } from './types.js';

// Computed with CPython 3 from a line-by-line transcription of the lr_lambda functions in
// diffusers/optimization.py, with num_warmup_steps=10, num_training_steps=100, get_scheduler's
// defaults except cosine_with_restarts num_cycles=3 and polynomial lr_init=1e-4, lr_end=1e-6, power=2.
const STEPS = [0, 1, 5, 9, 10, 11, 37, 50, 99, 100, 101, 150];
const DIFFUSERS: Record<LrSchedulerName, number[]> = {
  constant: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  constant_with_warmup: [0.0, 0.1, 0.5, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
  linear: [
    0.0, 0.1, 0.5, 0.9, 1.0, 0.9888888888888889, 0.7, 0.5555555555555556, 0.011111111111111112, 0.0, 0.0, 0.0,
  ],
  cosine: [
    0.0, 0.1, 0.5, 0.9, 1.0, 0.9996954135095479, 0.7938926261462366, 0.5868240888334653,
    0.00030458649045211894, 0.0, 0.00030458649045211894, 0.586824088833465,
  ],
  cosine_with_restarts: [
    0.0, 0.1, 0.5, 0.9, 1.0, 0.9972609476841366, 0.02447174185242329, 0.7500000000000002,
    0.0027390523158632996, 0.0, 0.0, 0.0,
  ],
  polynomial: [
    0.0, 0.1, 0.5, 0.9, 1.0, 0.9781222222222223, 0.4950999999999999, 0.31555555555555553, 0.01012222222222222,
    0.009999999999999998, 0.009999999999999998, 0.009999999999999998,
  ],
};

describe('lrMultiplier', () => {
  it.each(Object.keys(DIFFUSERS) as LrSchedulerName[])(
    '%s matches diffusers get_scheduler step by step',
    (name) => {
      const config = createLrSchedule({
        name,
        baseLr: 1e-4,
        warmupSteps: 10,
        totalSteps: 100,
        numCycles: 3,
        power: 2,
        lrEnd: 1e-6,
      });
      const actual = STEPS.map((step) => lrMultiplier(config, step));
      actual.forEach((value, i) => expect(value).toBeCloseTo(DIFFUSERS[name][i]!, 13));
    },
  );

  it('without warmup starts at the full rate (the division guard max(1, warmup) of diffusers)', () => {
    for (const name of [
      'constant_with_warmup',
      'linear',
      'cosine',
      'cosine_with_restarts',
      'polynomial',
    ] as const) {
      expect(lrMultiplier(createLrSchedule({ name, baseLr: 1e-4, warmupSteps: 0, totalSteps: 10 }), 0)).toBe(
        1,
      );
    }
  });

  it('cosine keeps the half-cosine whatever --lr_num_cycles says, as get_scheduler does', () => {
    const half = createLrSchedule({
      name: 'cosine',
      baseLr: 1,
      warmupSteps: 0,
      totalSteps: 10,
      numCycles: 1,
    });
    const many = { ...half, numCycles: 7 };
    expect(lrMultiplier(many, 5)).toBe(lrMultiplier(half, 5));
    expect(lrMultiplier(half, 5)).toBeCloseTo(0.5, 12);
  });
});
