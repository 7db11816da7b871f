export interface RetryOptions {
  retries: number;
  backoffMs: number;
  signal?: AbortSignal;
  isRetryable: (error: unknown) => boolean;
  onRetry?: (attempt: number, error: unknown) => void;
}

/** Runs `attempt` until it succeeds, the error is not retryable, or retries run out (exponential back-off). */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n > options.retries || !options.isRetryable(error) || options.signal?.aborted) throw error;
      options.onRetry?.(n, error);
      await new Promise<void>((resolve) => setTimeout(resolve, options.backoffMs * 2 ** (n - 1)));
    }
  }
}
