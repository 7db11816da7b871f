import { withRetries } from './with-retries.js';

describe('withRetries', () => {
  it('retries retryable failures up to the limit, reporting each', async () => {
    const seen: number[] = [];
    const attempts: number[] = [];
    const result = withRetries(
      async (n) => {
        attempts.push(n);
        throw new Error(`fail ${n}`);
      },
      { retries: 2, backoffMs: 1, isRetryable: () => true, onRetry: (n) => seen.push(n) },
    );
    await expect(result).rejects.toThrow('fail 3');
    expect([attempts, seen]).toEqual([
      [1, 2, 3],
      [1, 2],
    ]);
  });

  it('stops at the first failure that is not retryable, and returns a later success', async () => {
    await expect(
      withRetries(() => Promise.reject(new Error('fatal')), {
        retries: 5,
        backoffMs: 1,
        isRetryable: () => false,
      }),
    ).rejects.toThrow('fatal');
    let calls = 0;
    const value = await withRetries(async () => (++calls < 2 ? Promise.reject(new Error('once')) : 'ok'), {
      retries: 1,
      backoffMs: 1,
      isRetryable: () => true,
    });
    expect([value, calls]).toEqual(['ok', 2]);
  });
});
