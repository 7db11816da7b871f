import { parseOptimizerArgs } from './parse-optimizer-args.js';

describe('parseOptimizerArgs', () => {
  it("reads kohya's key=value items as Python literals: True/False, numbers, None, a pair for eps", () => {
    expect(
      parseOptimizerArgs([
        'scale_parameter=False',
        'relative_step=False',
        'warmup_init=True',
        'clip_threshold=1.0',
        'decay_rate=-0.8',
        'beta1=None',
        'weight_decay=1e-2',
        'eps=(1e-30, 1e-3)',
      ]),
    ).toEqual({
      args: {
        scaleParameter: false,
        relativeStep: false,
        warmupInit: true,
        clipThreshold: 1,
        decayRate: -0.8,
        weightDecay: 0.01,
        epsilon: [1e-30, 1e-3],
      },
      problems: [],
    });
    expect(parseOptimizerArgs(['beta1=0.9', 'eps=1e-30,1e-3', 'relative_step=true']).args).toEqual({
      beta1: 0.9,
      epsilon: [1e-30, 1e-3],
      relativeStep: true,
    });
    expect(parseOptimizerArgs(['eps=[1e-29,2e-3,]']).args).toEqual({ epsilon: [1e-29, 2e-3] });
  });

  it('names an unknown key, a bad value, a missing "=" and a repeated key, each with the fix', () => {
    expect(
      parseOptimizerArgs([
        'lr=1e-4',
        'relative_step=0',
        'clip_threshold=high',
        'beta1=',
        'eps=1e-30',
        'weight_decay=0x10',
        'warmup_init',
        'scale_parameter=False',
        'scale_parameter=True',
      ]).problems,
    ).toEqual([
      '--optimizer_args lr=1e-4: Adafactor has no setting "lr"; the settings are scale_parameter, relative_step, warmup_init, clip_threshold, decay_rate, beta1, weight_decay and eps (the learning rate is --learning_rate).',
      '--optimizer_args relative_step=0: relative_step takes True or False.',
      '--optimizer_args clip_threshold=high: clip_threshold takes a number, e.g. clip_threshold=1.0.',
      '--optimizer_args beta1=: beta1 takes a number in [0, 1), or None for no first moment.',
      '--optimizer_args eps=1e-30: eps takes two numbers, e.g. eps=1e-30,1e-3.',
      '--optimizer_args weight_decay=0x10: weight_decay takes a number, e.g. weight_decay=0.01.',
      '--optimizer_args warmup_init: write each setting as key=value, e.g. relative_step=False.',
      '--optimizer_args sets scale_parameter twice (False, then True): pass it once.',
    ]);
  });
});
