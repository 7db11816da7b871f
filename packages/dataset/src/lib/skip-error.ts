import type { SkipReason } from '../types/public.js';

/** A record that cannot become samples, with the reason reported in the summary. */
export class SkipError extends Error {
  constructor(
    readonly reason: SkipReason,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'SkipError';
  }
}
