import type { AdafactorOptions } from './adafactor.js';

/**
 * What is wrong with Adafactor options besides the learning rate (which the caller words for its own
 * interface), each named by its transformers key (as `--optimizer_args` spells it), with the value and what
 * is allowed; absent options take transformers' defaults. Empty when they are fine.
 */
export function adafactorOptionProblems(options: Omit<AdafactorOptions, 'learningRate'>): string[] {
  const { epsilon = [1e-30, 1e-3], clipThreshold = 1, decayRate = -0.8, beta1, weightDecay = 0 } = options;
  const problems: string[] = [];
  if (options.warmupInit === true && options.relativeStep === false) {
    problems.push(
      'warmup_init=True only applies with relative_step=True (it warms up the relative step size): pass relative_step=True or warmup_init=False.',
    );
  }
  const ranges: [string, boolean, string, unknown][] = [
    ['eps', epsilon.length === 2 && epsilon.every((e) => e > 0), 'two numbers greater than 0', epsilon],
    ['clip_threshold', clipThreshold > 0, 'greater than 0', clipThreshold],
    ['decay_rate', decayRate < 0, 'below 0 (beta2 at step t is 1 - t^decay_rate)', decayRate],
    ['beta1', beta1 === undefined || (beta1 >= 0 && beta1 < 1), 'in [0, 1)', beta1],
    ['weight_decay', weightDecay >= 0, '0 or more', weightDecay],
  ];
  for (const [name, ok, allowed, value] of ranges) {
    const shown = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
    if (!ok) problems.push(`${name} is out of range: ${allowed}, got ${shown}.`);
  }
  return problems;
}
