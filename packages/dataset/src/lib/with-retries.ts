import type { RetryNotice } from '../types/public.js';

export interface RetryOptions {
  /** Further attempts after the first. */
  retries: number;
  /** Wait before the first retry, doubled before each later one. */
  backoffMs: number;
  /** Ends the wait between attempts at once; the attempt itself must watch it too. */
  signal?: AbortSignal;
  isRetryable: (error: unknown) => boolean;
  /** Called when an attempt failed and another follows, before waiting for it. */
  onRetry?: (notice: RetryNotice) => void;
}

/** Runs `attempt` until it succeeds, the error is not retryable, or retries run out (exponential back-off). */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.retries + 1;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= attempts || !options.isRetryable(error) || options.signal?.aborted) throw error;
      const delayMs = options.backoffMs * 2 ** (n - 1);
      options.onRetry?.({ attempt: n, attempts, delayMs, error });
      await delay(delayMs, options.signal);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
