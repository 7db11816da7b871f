import { adafactorOptionProblems } from './adafactor-option-problems.js';

describe('adafactorOptionProblems', () => {
  it("accepts transformers' defaults and kohya's SDXL settings", () => {
    expect(adafactorOptionProblems({})).toEqual([]);
    expect(
      adafactorOptionProblems({ relativeStep: false, scaleParameter: false, warmupInit: false }),
    ).toEqual([]);
  });

  it('names every out-of-range option by its transformers key, with the value and the range', () => {
    expect(
      adafactorOptionProblems({
        epsilon: [0, 1e-3],
        clipThreshold: -1,
        decayRate: 0.5,
        beta1: 1,
        weightDecay: -0.1,
      }),
    ).toEqual([
      'eps is out of range: two numbers greater than 0, got [0, 0.001].',
      'clip_threshold is out of range: greater than 0, got -1.',
      'decay_rate is out of range: below 0 (beta2 at step t is 1 - t^decay_rate), got 0.5.',
      'beta1 is out of range: in [0, 1), got 1.',
      'weight_decay is out of range: 0 or more, got -0.1.',
    ]);
  });

  it('refuses warmup_init without relative_step', () => {
    expect(adafactorOptionProblems({ relativeStep: false, warmupInit: true })).toEqual([
      'warmup_init=True only applies with relative_step=True (it warms up the relative step size): pass relative_step=True or warmup_init=False.',
    ]);
  });
});
