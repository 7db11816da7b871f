import { UsageError } from '@pixel/constraints';
import { parseNetuid } from './parse-netuid.js';

describe('parseNetuid', () => {
  it('takes subnet numbers from 0 to 65535, as numbers or text', () => {
    expect(parseNetuid(17)).toBe(17);
    expect(parseNetuid('0')).toBe(0);
    expect(parseNetuid('65535')).toBe(65_535);
  });

  it.each([
    [-1, '--netuid must be a subnet number (0 or more), got -1.'],
    ['1.5', '--netuid must be a subnet number (0 or more), got 1.5.'],
    ['abc', '--netuid must be a subnet number (0 or more), got abc.'],
    [NaN, '--netuid must be a subnet number (0 or more), got NaN.'],
    ['65536', '--netuid must be a subnet number (at most 65535), got 65536.'],
    [1e30, '--netuid must be a subnet number (0 or more), got 1e+30.'],
    [true, '--netuid needs a value: a subnet number, e.g. 17.'],
  ])('refuses %p as a usage error', (value, message) => {
    expect(() => parseNetuid(value)).toThrow(new UsageError(message));
    expect(() => parseNetuid(value)).toThrow(UsageError);
  });
});
