/**
 * An error answered the way the Hub answers it: HTTP status, a JSON `{ error }` body, and the
 * `X-Error-Code` header clients use to tell e.g. a missing revision from a missing repo.
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: 'RepoNotFound' | 'RevisionNotFound' | 'EntryNotFound',
  ) {
    super(message);
  }
}
