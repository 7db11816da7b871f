import { HubApiError } from '@huggingface/hub';
import {
  FileNotFoundError,
  InvalidTokenError,
  PixelHubError,
  RepoAccessDeniedError,
  RepoNotFoundError,
  RevisionNotFoundError,
  TransferFailedError,
} from '../errors.js';

export interface HubErrorContext {
  repo: string;
  revision?: string;
  path?: string;
  authenticated: boolean;
  /** The Hub's `X-Error-Code` of the failed response, when known. */
  errorCode?: string;
}

/**
 * The @pixel/hub error for a failure of an `@huggingface/hub` call (or of our own request), so users get a
 * message naming the problem and the fix instead of a bare HTTP status. Unknown errors pass through.
 */
export function translateHubError(error: unknown, context: HubErrorContext): unknown {
  if (error instanceof PixelHubError) return error;
  if (error instanceof TypeError && /access token must start with/.test(error.message)) {
    return new InvalidTokenError('it does not start with "hf_"', { cause: error });
  }
  if (error instanceof HubApiError) {
    const revision = context.revision ?? 'main';
    if (error.statusCode === 401) {
      return context.authenticated
        ? new InvalidTokenError('the Hub does not recognise it (401)', { cause: error })
        : new RepoNotFoundError(context.repo, false, { cause: error });
    }
    if (error.statusCode === 403) return new RepoAccessDeniedError(context.repo, { cause: error });
    if (error.statusCode === 404) {
      if (context.errorCode === 'RevisionNotFound') {
        return new RevisionNotFoundError(context.repo, revision, { cause: error });
      }
      if (context.errorCode === 'EntryNotFound' && context.path) {
        return new FileNotFoundError(context.repo, revision, context.path, { cause: error });
      }
      return new RepoNotFoundError(context.repo, context.authenticated, { cause: error });
    }
    if (error.statusCode >= 500) {
      return new TransferFailedError(
        `The Hub failed with HTTP ${error.statusCode} for ${context.repo}; retry later.`,
        {
          cause: error,
        },
      );
    }
    return error;
  }
  // Checked by shape: undici's errors come from Node's own realm, where `instanceof TypeError` can fail.
  if ((error as Error | undefined)?.name === 'TypeError' && (error as Error).message === 'fetch failed') {
    const reason = ((error as Error).cause as Error | undefined)?.message ?? 'connection failed';
    return new TransferFailedError(
      `Cannot reach the Hub for ${context.repo} (${reason}). Check your network and retry.`,
      {
        cause: error,
      },
    );
  }
  return error;
}
