import { modelConfigRefusal } from '../../test-support/model-config-refusal.js';
import { configFields } from './config-fields.js';

const range = { min: 1, max: 8 };

describe('configFields', () => {
  it('reads each kind of field, taking the fallback only for a field left out', () => {
    const fields = configFields('UNet', { a: 3, b: 0.5, c: true, d: 'x', e: [1, 2], f: ['p', 'q'], g: 4 });
    expect(fields.integer('a', range, 1)).toBe(3);
    expect(fields.integer('missing', range, 7)).toBe(7);
    expect(fields.number('b', { min: 0, max: 1, exclusiveMin: true }, 1)).toBe(0.5);
    expect(fields.boolean('c', false)).toBe(true);
    expect(fields.oneOf('d', ['x', 'y'], 'y')).toBe('x');
    expect(fields.integerList('e', { min: 1, max: 3 }, range, [])).toEqual([1, 2]);
    expect(fields.stringList('f', 2, ['p', 'q'], [])).toEqual(['p', 'q']);
    expect(fields.perBlock('g', 3, range, 1)).toEqual([4, 4, 4]);
    expect(fields.perBlock('e', 2, range, 1)).toEqual([1, 2]);
  });

  it('treats null as a value, not as a field left out', () => {
    expect(modelConfigRefusal(() => configFields('VAE', { a: null }).integer('a', range, 1)).problem).toBe(
      'is null; allowed: an integer from 1 to 8.',
    );
  });

  it('does not read inherited properties as fields', () => {
    expect(configFields('VAE', {}).integer('constructor', range, 2)).toBe(2);
    const fields = configFields('VAE', JSON.parse('{"__proto__": {"a": 1e9}}'));
    expect(fields.integer('a', range, 2)).toBe(2);
  });

  it('names the field, its value and the allowed range', () => {
    const fields = configFields('CLIP text', {
      n: 1e9,
      list: [1, 1e9],
      nan: Number.NaN,
      required: undefined,
    });
    expect(modelConfigRefusal(() => fields.integer('n', range, 1)).message).toBe(
      'Invalid CLIP text config: "n" is 1000000000; allowed: an integer from 1 to 8.',
    );
    expect(modelConfigRefusal(() => fields.integerList('list', { min: 1, max: 2 }, range, [])).problem).toBe(
      'has 1000000000 at index 1; allowed: a list of 1 to 2 integers, each from 1 to 8.',
    );
    expect(modelConfigRefusal(() => fields.number('nan', { min: 0, max: 1 }, 0)).problem).toBe(
      'is NaN; allowed: a number from 0 to 1.',
    );
    expect(modelConfigRefusal(() => fields.integer('required', range, undefined)).problem).toBe(
      'is missing; allowed: an integer from 1 to 8.',
    );
  });

  it('refuses a config that is not an object', () => {
    expect(modelConfigRefusal(() => configFields('UNet', [1, 2])).message).toBe(
      'Invalid UNet config: "config.json" is [1,2]; allowed: a JSON object of config fields.',
    );
  });
});
