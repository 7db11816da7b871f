import type { RetryOptions } from '../types/public.js';

const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 5, initialDelayMs: 500, maxDelayMs: 8000 };

/**
 * Run `action` until it succeeds, waiting `initialDelayMs`, then twice as long each time (up to `maxDelayMs`),
 * between attempts. Errors `isRetryable` refuses, and the last error once the attempts are spent, are thrown
 * as they are, for the caller to explain.
 */
export async function withRetry<T>(
  action: () => Promise<T>,
  options: RetryOptions | undefined,
  isRetryable: (error: unknown) => boolean,
): Promise<T> {
  const { attempts, initialDelayMs, maxDelayMs } = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delay = Math.min(initialDelayMs * 2 ** (attempt - 1), maxDelayMs);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
