import { FileSystemError, toFileSystemError, type FileErrorContext } from '@pixel/files';

/**
 * toFileSystemError for a save that goes through lower layers (writeFileAtomic inside writeSafetensors, say):
 * the FileSystemError they raise names one temporary file and no flag, so its errno error is named again
 * after `path`, the thing the user asked for, with `context`'s fix. Any other error is returned as
 * toFileSystemError returns it.
 */
export function toFileSystemErrorAt(error: unknown, path: string, context: FileErrorContext): unknown {
  return toFileSystemError(error instanceof FileSystemError ? error.cause : error, path, context);
}
