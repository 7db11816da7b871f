import { PixelError } from '@pixel/constraints';

/** What went wrong, for callers that branch on it; the message says the problem and the fix. */
export type PixelHubErrorCode =
  | 'MISSING_TOKEN'
  | 'INVALID_TOKEN'
  | 'INVALID_REPO_ID'
  | 'REPO_NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'REPO_PUBLIC'
  | 'REVISION_NOT_FOUND'
  | 'FILE_NOT_FOUND'
  | 'UNSAFE_PATH'
  | 'REPO_TOO_LARGE'
  | 'CHECKSUM_MISMATCH'
  | 'TRANSFER_FAILED'
  | 'DISK_FULL'
  | 'INVALID_FOLDER';

/** Base of every error @pixel/hub throws on purpose. Messages never contain the access token. */
export class PixelHubError extends PixelError {
  constructor(
    readonly code: PixelHubErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class MissingTokenError extends PixelHubError {
  constructor(action: string) {
    super(
      'MISSING_TOKEN',
      `${action} needs a Hugging Face access token. Set HF_ACCESS_TOKEN in the environment or in a .env file ` +
        `(create a write token at https://huggingface.co/settings/tokens).`,
    );
  }
}

export class InvalidTokenError extends PixelHubError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(
      'INVALID_TOKEN',
      `The Hugging Face access token was refused: ${reason}. Check HF_ACCESS_TOKEN ` +
        `(tokens start with "hf_"; create one at https://huggingface.co/settings/tokens).`,
      options,
    );
  }
}

export class InvalidRepoIdError extends PixelHubError {
  constructor(
    repo: string,
    /** Which part of the id is at fault, without the fix (for callers that add their own). */
    readonly reason: string,
  ) {
    super(
      'INVALID_REPO_ID',
      `Invalid repo id "${repo}": ${reason}. Use "<namespace>/<name>", e.g. "my-user/my-model".`,
    );
  }
}

/** The Hub answers "not found" for private repos the caller may not see, so both cases share this error. */
export class RepoNotFoundError extends PixelHubError {
  constructor(
    readonly repo: string,
    authenticated: boolean,
    options?: { cause?: unknown },
  ) {
    super(
      'REPO_NOT_FOUND',
      authenticated
        ? `Repository ${repo} not found, or it is private and your token's user has no access to it. ` +
            `Check the repo id, or use a token of the repo's owner.`
        : `Repository ${repo} not found, or it is private. Check the repo id, or set HF_ACCESS_TOKEN to a token ` +
            `that can read it.`,
      options,
    );
  }
}

export class RepoAccessDeniedError extends PixelHubError {
  constructor(
    readonly repo: string,
    options?: { cause?: unknown },
  ) {
    super(
      'ACCESS_DENIED',
      `Your token may not write to ${repo}. Upload to your own namespace, or use a write token of the repo's owner.`,
      options,
    );
  }
}

/** The token works, but may not create or write repos in the namespace (another user's, or a read token). */
export class NamespaceAccessDeniedError extends PixelHubError {
  constructor(
    readonly namespace: string,
    readonly user: string,
    reason: string,
  ) {
    super(
      'ACCESS_DENIED',
      `The Hugging Face token belongs to "${user}", ${reason}. Use a write token of "${namespace}" ` +
        `(https://huggingface.co/settings/tokens), or upload under a namespace the token may write to.`,
    );
  }
}

/**
 * A commit to a public repo is downloadable at once, before the chain commitment that claims it: anyone
 * watching could commit those weights first. Uploads go to private repos, made public after the commitment.
 */
export class RepoIsPublicError extends PixelHubError {
  constructor(readonly repo: string) {
    super(
      'REPO_PUBLIC',
      `${repo} is public: a new revision there would be downloadable by anyone before its chain commitment, ` +
        `and anyone could commit it first. Upload to a new repo (it is created private) or make ${repo} private ` +
        `first (only if no validator needs its committed revision meanwhile).`,
    );
  }
}

export class RevisionNotFoundError extends PixelHubError {
  constructor(
    readonly repo: string,
    readonly revision: string,
    options?: { cause?: unknown },
  ) {
    super(
      'REVISION_NOT_FOUND',
      `Revision "${revision}" not found in ${repo}. Use a branch name or the full 40-character commit id ` +
        `(as committed on chain).`,
      options,
    );
  }
}

export class FileNotFoundError extends PixelHubError {
  constructor(repo: string, revision: string, path: string, options?: { cause?: unknown }) {
    super('FILE_NOT_FOUND', `File "${path}" not found in ${repo} at ${revision}.`, options);
  }
}

export class RepoTooLargeError extends PixelHubError {
  constructor(
    readonly repo: string,
    readonly totalBytes: number,
    readonly maxBytes: number,
  ) {
    super(
      'REPO_TOO_LARGE',
      `Refusing to download ${repo}: its files add up to ${totalBytes} bytes, over the competition's limit of ` +
        `${maxBytes} bytes. Validators reject it too; save the UNet in bfloat16 or drop extra files.`,
    );
  }
}

export class ChecksumMismatchError extends PixelHubError {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'CHECKSUM_MISMATCH',
      `Downloaded "${path}" does not match the Hub's checksum (expected ${expected}, got ${actual}); ` +
        `the partial file was deleted. Retry the download; if it persists, the file on the Hub is damaged.`,
    );
  }
}

/** The Hub (or its storage) did not answer, or failed: the input may be right; retry later. Exit code 3. */
export class TransferFailedError extends PixelHubError {
  override readonly exitCode: number = 3;

  constructor(message: string, options?: { cause?: unknown }) {
    super('TRANSFER_FAILED', message, options);
  }
}

export class DiskFullError extends PixelHubError {
  constructor(path: string, options?: { cause?: unknown }) {
    super(
      'DISK_FULL',
      `No space left on the device while writing "${path}". Free disk space (or choose another cache directory) ` +
        `and run again: the download resumes where it stopped.`,
      options,
    );
  }
}

export class InvalidFolderError extends PixelHubError {
  constructor(folder: string, reason: string, options?: { cause?: unknown }) {
    super('INVALID_FOLDER', `Cannot upload "${folder}": ${reason}.`, options);
  }
}
