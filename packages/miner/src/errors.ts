import { PixelError } from '@pixel/constraints';
import type { UploadProblem } from './types/public.js';

/** Everything that stops an upload, listed at once so it can be fixed in one go. */
export class UploadCheckError extends PixelError {
  constructor(readonly problems: readonly UploadProblem[]) {
    super(
      `The upload would be refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem.message}`).join('\n'),
    );
  }
}

/** Another miner's model fails a check validators make (hash, size, parameters); it must not be used. */
export class RemoteModelRejectedError extends PixelError {}

/**
 * The model is uploaded (and stays private) but its chain commitment never landed. `push` again with the
 * same folder to resume: the Hub keeps the uploaded files, so only the commitment is redone.
 */
export class CommitFailedError extends PixelError {
  constructor(
    readonly repo: string,
    readonly commit: string,
    readonly hash: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `The chain commitment failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}\n` +
        `The model is uploaded to ${repo} at commit ${commit} (hash ${hash}) and the repo is left private, ` +
        'so nobody can commit it first. Fix the cause and push again to resume.',
      options,
    );
  }
}
