/**
 * An explicitly requested backend that cannot be loaded; the message says why and how to enable it, and
 * `reason` is the why alone.
 */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';

  constructor(
    message: string,
    readonly reason: string = message,
  ) {
    super(message);
  }
}
