import type { DatasetEvent, RetryNotice } from '../types/public.js';

/**
 * The event for a retried page (`listing`, `url` the source) or image (`downloading`, `url` the image).
 * Only our own errors (a store that did not answer, an image worth another try) are retried, so the
 * notice's error is always an Error.
 */
export function retryEvent(
  phase: 'listing' | 'downloading',
  url: string,
  notice: RetryNotice,
): Extract<DatasetEvent, { type: 'retry' }> {
  return {
    type: 'retry',
    phase,
    url,
    attempt: notice.attempt,
    attempts: notice.attempts,
    delayMs: notice.delayMs,
    error: (notice.error as Error).message,
  };
}
