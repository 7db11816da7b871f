import { withRetries } from './with-retries.js';

describe('withRetries', () => {
  it('retries retryable failures up to the limit, reporting each', async () => {
    const seen: unknown[] = [];
    const attempts: number[] = [];
    const result = withRetries(
      async (n) => {
        attempts.push(n);
        throw new Error(`fail ${n}`);
      },
      { retries: 2, backoffMs: 1, isRetryable: () => true, onRetry: (notice) => seen.push(notice) },
    );
    await expect(result).rejects.toThrow('fail 3');
    expect(attempts).toEqual([1, 2, 3]);
    // Each notice says which attempt failed, of how many, why, and how long until the next one.
    expect(seen).toEqual([
      { attempt: 1, attempts: 3, delayMs: 1, error: new Error('fail 1') },
      { attempt: 2, attempts: 3, delayMs: 2, error: new Error('fail 2') },
    ]);
  });

  it('stops waiting for the next attempt as soon as it is aborted', async () => {
    const controller = new AbortController();
    const result = withRetries(() => Promise.reject(new Error('down')), {
      retries: 1,
      // Far beyond the test's own limit: only the abort can end this wait in time.
      backoffMs: 10 * 60_000,
      signal: controller.signal,
      isRetryable: () => true,
      onRetry: () => controller.abort(new Error('interrupted')),
    });
    await expect(result).rejects.toThrow('interrupted');
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
