import { PixelError } from '@pixel/constraints';
import {
  SafetensorsError,
  SafetensorsKeyMismatchError,
  SafetensorsTruncatedError,
} from '../safetensors/errors.js';

/**
 * A training checkpoint that cannot be resumed from: `file` in it is missing, truncated or unreadable
 * (`problem` says which, as a phrase after the file name). Its data is lost, so the message names the file
 * and the way out: delete the checkpoint folder and resume from an earlier one, or pick another.
 */
export class DamagedCheckpointError extends PixelError {
  constructor(
    readonly checkpoint: string,
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot resume from ${checkpoint}: ${file} ${problem}. Delete ${checkpoint} and run again with ` +
        '--resume_from_checkpoint latest (it takes the newest intact checkpoint), or pass another ' +
        'checkpoint-<step> folder to --resume_from_checkpoint.',
      options,
    );
  }

  /**
   * An error from reading a file of `checkpoint` as a DamagedCheckpointError. A key or shape mismatch (the
   * checkpoint is intact but belongs to another model) and anything that is not a safetensors error are
   * returned unchanged.
   */
  static fromReadError(checkpoint: string, error: unknown): unknown {
    if (!(error instanceof SafetensorsError) || error instanceof SafetensorsKeyMismatchError) return error;
    const problem =
      error instanceof SafetensorsTruncatedError
        ? 'is truncated: it ends before the tensor data its header lists'
        : `cannot be read (${error.problem.replace(/\.$/, '')})`;
    return new DamagedCheckpointError(checkpoint, error.path, problem, { cause: error });
  }
}
