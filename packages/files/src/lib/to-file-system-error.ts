import { PixelError } from '@pixel/constraints';
import { FileSystemError } from './file-system-error.js';

export interface FileErrorContext {
  /** What was being done, as a verb phrase that takes the path: "write", "read the image", "create the folder". */
  action: string;
  /** How the user picks another place, e.g. "or choose another folder with --output_dir". */
  elsewhere?: string;
}

/** Why the operation failed and the user's first move, per errno code; anything else keeps Node's words. */
const REASONS: Record<string, { reason: string; fix: string }> = {
  ENOSPC: { reason: 'no space left on the device', fix: 'Free disk space there' },
  EDQUOT: { reason: 'the disk quota is used up', fix: 'Free space within your quota' },
  EACCES: { reason: 'permission denied', fix: 'Give this user access to it (chmod/chown)' },
  EPERM: { reason: 'the operation is not permitted', fix: 'Give this user access to it (chmod/chown)' },
  EROFS: { reason: 'the file system is read-only', fix: 'Use a folder on a writable disk' },
  ENOTDIR: {
    reason: 'a part of the path is a file, not a folder',
    fix: 'Check the path, or move the file that stands where a folder should be',
  },
  EISDIR: { reason: 'it is a folder, not a file', fix: 'Give the path of a file' },
  ENOENT: { reason: 'it does not exist', fix: 'Check the path' },
  EEXIST: { reason: 'it already exists', fix: 'Remove it or choose another name' },
  ENAMETOOLONG: { reason: 'the path is too long for the file system', fix: 'Use a shorter path' },
  EMFILE: { reason: 'too many files are open', fix: 'Raise the limit (ulimit -n)' },
  ENFILE: { reason: 'the system has too many files open', fix: 'Close other programs or raise the limit' },
  EIO: { reason: 'the disk reported an input/output error', fix: 'Check the disk (dmesg) before retrying' },
};

/** errno codes (ENOSPC, EACCES, ...); not Node's own `ERR_*` codes nor the `code` other errors carry. */
const ERRNO_CODE = /^E[A-Z0-9]+$/;

// Not `instanceof Error`: errors from Node's own modules come from another realm under jest's vm modules.
function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    ERRNO_CODE.test((error as NodeJS.ErrnoException).code!) &&
    typeof (error as NodeJS.ErrnoException).message === 'string'
  );
}

/**
 * Turns a Node file-system error into a {@link FileSystemError} whose message names the path, the reason
 * in words and the fix ("Cannot write /data/x.png: no space left on the device. Free disk space there, or
 * choose another folder with --output, and run again."). Errors that are not errno errors (pixel's own, and
 * any whose `code` is not an errno code) are returned unchanged, so callers can wrap any `catch` with it.
 */
export function toFileSystemError(error: unknown, path: string, context: FileErrorContext): unknown {
  if (error instanceof PixelError || !isErrnoException(error)) return error;
  const code = error.code!;
  const known = REASONS[code];
  const reason = known?.reason ?? `${code}: ${error.message}`;
  const fix = [known?.fix ?? 'Check the path', context.elsewhere].filter(Boolean).join(', ');
  return new FileSystemError(
    `Cannot ${context.action} ${path}: ${reason}. ${fix}, and run again.`,
    path,
    code,
    {
      cause: error,
    },
  );
}
