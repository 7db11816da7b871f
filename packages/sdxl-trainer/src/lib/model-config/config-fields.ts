import { ModelConfigError, type ModelConfigComponent } from './model-config-error.js';

/** An inclusive range; `exclusiveMin` makes the lower end exclusive (e.g. epsilons above 0). */
export interface NumberRange {
  min: number;
  max: number;
  exclusiveMin?: boolean;
}

/**
 * Typed, bounded reads of a model config's fields, each throwing a ModelConfigError that names the field,
 * its value and what is allowed. A field left out takes `fallback` (diffusers' default); null is a value.
 */
export interface ConfigFields {
  /** The config as given, for fields read by hand. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** `fallback` undefined: the field is required. */
  integer(field: string, range: NumberRange, fallback: number | undefined): number;
  number(field: string, range: NumberRange, fallback: number): number;
  boolean(field: string, fallback: boolean): boolean;
  /** One of `allowed` (compared with ===); `fallback` when left out. */
  oneOf<T>(field: string, allowed: readonly T[], fallback: T): T;
  /** A list of `length.min`..`length.max` integers, each within `range`. */
  integerList(field: string, length: NumberRange, range: NumberRange, fallback: number[]): number[];
  /** A list of exactly `length` strings, each one of `allowed`. */
  stringList<T extends string>(field: string, length: number, allowed: readonly T[], fallback: T[]): T[];
  /** An integer for every block, or a list of one integer per block (diffusers' per-block fields). */
  perBlock(field: string, blocks: number, range: NumberRange, fallback: number): number[];
  /** Throws the ModelConfigError for `field`: `problem` says what is wrong and what is allowed. */
  fail(field: string, problem: string): never;
}

/** How a value is shown in messages: JSON, cut short (a stranger's config may hold megabytes in one field). */
function describeConfigValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else if (value === undefined) text = 'missing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const rangeText = ({ min, max, exclusiveMin }: NumberRange, integer: boolean): string =>
  integer
    ? `an integer from ${min} to ${max}`
    : `a number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}`;

const inRange = (value: number, { min, max, exclusiveMin }: NumberRange): boolean =>
  (exclusiveMin ? value > min : value >= min) && value <= max;

/** Field readers over `config`, which must be a JSON object (checked here, as the first thing). */
export function configFields(component: ModelConfigComponent, config: unknown): ConfigFields {
  const fail = (field: string, problem: string): never => {
    throw new ModelConfigError(component, field, problem);
  };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    fail('config.json', `is ${describeConfigValue(config)}; allowed: a JSON object of config fields.`);
  }
  const raw = config as Record<string, unknown>;
  /** The field's value, `fallback` when left out; null stays null (diffusers gives it a meaning of its own). */
  const read = (field: string, fallback: unknown): unknown =>
    Object.hasOwn(raw, field) && raw[field] !== undefined ? raw[field] : fallback;
  const isInteger = (value: unknown, range: NumberRange): value is number =>
    typeof value === 'number' && Number.isInteger(value) && inRange(value, range);

  const fields: ConfigFields = {
    raw,
    fail,
    integer(field, range, fallback) {
      const value = read(field, fallback);
      if (!isInteger(value, range)) {
        fail(field, `is ${describeConfigValue(value)}; allowed: ${rangeText(range, true)}.`);
      }
      return value as number;
    },
    number(field, range, fallback) {
      const value = read(field, fallback);
      if (typeof value !== 'number' || !inRange(value, range)) {
        fail(field, `is ${describeConfigValue(value)}; allowed: ${rangeText(range, false)}.`);
      }
      return value as number;
    },
    boolean(field, fallback) {
      const value = read(field, fallback);
      if (typeof value !== 'boolean')
        fail(field, `is ${describeConfigValue(value)}; allowed: true or false.`);
      return value as boolean;
    },
    oneOf(field, allowed, fallback) {
      const value = read(field, fallback);
      if (!allowed.includes(value as never)) {
        fail(
          field,
          `is ${describeConfigValue(value)}; this port supports ${allowed.map(describeConfigValue).join(' or ')}.`,
        );
      }
      return value as (typeof allowed)[number];
    },
    integerList(field, length, range, fallback) {
      const value = read(field, fallback);
      const allowed = `allowed: a list of ${length.min} to ${length.max} integers, each from ${range.min} to ${range.max}.`;
      if (!Array.isArray(value) || !inRange(value.length, length)) {
        fail(field, `is ${describeConfigValue(value)}; ${allowed}`);
      }
      const list = value as unknown[];
      const bad = list.findIndex((item) => !isInteger(item, range));
      if (bad >= 0) fail(field, `has ${describeConfigValue(list[bad])} at index ${bad}; ${allowed}`);
      return list as number[];
    },
    stringList<T extends string>(field: string, length: number, allowed: readonly T[], fallback: T[]) {
      const value = read(field, fallback);
      const supported = `allowed: a list of ${length} (one per block), each ${allowed.map((item) => JSON.stringify(item)).join(' or ')}.`;
      if (!Array.isArray(value) || value.length !== length) {
        fail(field, `is ${describeConfigValue(value)}; ${supported}`);
      }
      const list = value as unknown[];
      const bad = list.findIndex((item) => !allowed.includes(item as T));
      if (bad >= 0) fail(field, `has ${describeConfigValue(list[bad])} at index ${bad}; ${supported}`);
      return list as T[];
    },
    perBlock(field, blocks, range, fallback) {
      const value = read(field, fallback);
      const allowed = `allowed: ${rangeText(range, true)}, or a list of ${blocks} such integers (one per block).`;
      if (Array.isArray(value)) {
        if (value.length !== blocks || value.some((item) => !isInteger(item, range))) {
          fail(field, `is ${describeConfigValue(value)}; ${allowed}`);
        }
        return value as number[];
      }
      if (!isInteger(value, range)) fail(field, `is ${describeConfigValue(value)}; ${allowed}`);
      return Array.from({ length: blocks }, () => value as number);
    },
  };
  return fields;
}
