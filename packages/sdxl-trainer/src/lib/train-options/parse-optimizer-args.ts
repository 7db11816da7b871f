import type { OptimizerArgs } from './types.js';

type Setting = keyof OptimizerArgs;

/** How each key reads its value, and the example its refusal gives. */
const KEYS: Record<string, { setting: Setting; kind: 'boolean' | 'number' | 'optional-number' | 'pair' }> = {
  scale_parameter: { setting: 'scaleParameter', kind: 'boolean' },
  relative_step: { setting: 'relativeStep', kind: 'boolean' },
  warmup_init: { setting: 'warmupInit', kind: 'boolean' },
  clip_threshold: { setting: 'clipThreshold', kind: 'number' },
  decay_rate: { setting: 'decayRate', kind: 'number' },
  beta1: { setting: 'beta1', kind: 'optional-number' },
  weight_decay: { setting: 'weightDecay', kind: 'number' },
  eps: { setting: 'epsilon', kind: 'pair' },
};

const EXPECTED = {
  boolean: (key: string) => `${key} takes True or False.`,
  number: (key: string) => `${key} takes a number, e.g. ${key}=${key === 'clip_threshold' ? '1.0' : '0.01'}.`,
  'optional-number': (key: string) => `${key} takes a number in [0, 1), or None for no first moment.`,
  pair: (key: string) => `${key} takes two numbers, e.g. ${key}=1e-30,1e-3.`,
};

/** A Python int or float literal (what kohya's ast.literal_eval reads), nothing JavaScript adds (0x10, Infinity). */
const PYTHON_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** `value` read as `kind`, or undefined when it is not one. */
function readValue(kind: (typeof KEYS)[string]['kind'], value: string): OptimizerArgs[Setting] | null {
  const number = (text: string) => (PYTHON_NUMBER.test(text.trim()) ? Number(text) : undefined);
  switch (kind) {
    case 'boolean':
      return /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
    case 'number':
      return number(value);
    case 'optional-number':
      // transformers' default beta1 is None: no first moment.
      return value === 'None' ? null : number(value);
    case 'pair': {
      // eps=(1e-30, 1e-3), eps=[1e-30,1e-3] or eps=1e-30,1e-3, a trailing comma allowed as in Python.
      const items = value.replace(/^[([]|[)\]]$/g, '').split(',');
      if (items.at(-1)?.trim() === '') items.pop();
      const numbers = items.map(number);
      return numbers.length === 2 && numbers.every((n) => n !== undefined)
        ? (numbers as [number, number])
        : undefined;
    }
  }
}

/**
 * `--optimizer_args` for Adafactor as kohya's sd-scripts read them: `key=value` items whose values are
 * Python literals (True/False, numbers, None, a tuple for eps), keys being transformers' Adafactor keyword
 * arguments. Returns the settings given (camelCase, as `new Adafactor` takes them; beta1=None is left out,
 * transformers' default) and a problem per bad item, each naming it and the fix. Ranges are checked by
 * adafactorOptionProblems.
 */
export function parseOptimizerArgs(items: readonly string[]): { args: OptimizerArgs; problems: string[] } {
  const args: Record<string, unknown> = {};
  const problems: string[] = [];
  const given = new Map<string, string>();
  for (const item of items) {
    const separator = item.indexOf('=');
    if (separator < 0) {
      problems.push(`--optimizer_args ${item}: write each setting as key=value, e.g. relative_step=False.`);
      continue;
    }
    const [key, value] = [item.slice(0, separator).trim(), item.slice(separator + 1).trim()];
    const spec = KEYS[key];
    if (!spec) {
      problems.push(
        `--optimizer_args ${item}: Adafactor has no setting "${key}"; the settings are ${Object.keys(KEYS).slice(0, -1).join(', ')} and eps (the learning rate is --learning_rate).`,
      );
      continue;
    }
    if (given.has(key)) {
      problems.push(`--optimizer_args sets ${key} twice (${given.get(key)}, then ${value}): pass it once.`);
      continue;
    }
    given.set(key, value);
    const read = readValue(spec.kind, value);
    if (read === undefined) problems.push(`--optimizer_args ${item}: ${EXPECTED[spec.kind](key)}`);
    else if (read !== null) args[spec.setting] = read;
  }
  return { args: args as OptimizerArgs, problems };
}
