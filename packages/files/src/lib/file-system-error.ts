import { PixelError } from '@pixel/constraints';

/**
 * A file-system operation failed: `path` is the file or folder it was about, `code` the errno code
 * (`ENOSPC`, `EACCES`, ...), and the message says what happened to which path and what to do.
 */
export class FileSystemError extends PixelError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
