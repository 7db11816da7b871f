/** An explicitly requested backend that cannot be loaded; the message says why and how to enable it. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}
