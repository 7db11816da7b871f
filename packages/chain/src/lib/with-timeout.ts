import { ChainTimeoutError } from './errors.js';

/** Settle like `promise`, or reject with a ChainTimeoutError after `timeoutMs`; `onTimeout` releases what the call holds. */
export async function withTimeout<T>(
  promise: Promise<T>,
  {
    operation,
    timeoutMs,
    endpoint,
    onTimeout,
  }: { operation: string; timeoutMs: number; endpoint: string; onTimeout?: () => void },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject first: releasing the call may make it fail on its own with a less useful error.
      reject(new ChainTimeoutError(operation, timeoutMs, endpoint));
      onTimeout?.();
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
