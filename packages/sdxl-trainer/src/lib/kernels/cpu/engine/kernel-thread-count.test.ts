import { availableParallelism } from 'node:os';
import { UsageError } from '@pixel/constraints';
import { kernelThreadCount } from './kernel-thread-count.js';

describe('kernelThreadCount', () => {
  it('follows the machine when PIXEL_NUM_THREADS is unset or empty', () => {
    expect(kernelThreadCount({})).toBe(availableParallelism());
    expect(kernelThreadCount({ PIXEL_NUM_THREADS: ' ' })).toBe(availableParallelism());
  });

  it('takes PIXEL_NUM_THREADS', () => {
    expect(kernelThreadCount({ PIXEL_NUM_THREADS: '1' })).toBe(1);
    expect(kernelThreadCount({ PIXEL_NUM_THREADS: ' 3 ' })).toBe(3);
  });

  it.each(['0', '-2', '1.5', 'two', '100000'])('refuses PIXEL_NUM_THREADS=%s, naming the fix', (value) => {
    expect(() => kernelThreadCount({ PIXEL_NUM_THREADS: value })).toThrow(UsageError);
    expect(() => kernelThreadCount({ PIXEL_NUM_THREADS: value })).toThrow(
      /PIXEL_NUM_THREADS=.* is not a thread count: set it to a whole number from 1 to 256/,
    );
  });
});
