import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { toFileSystemError, type FileErrorContext } from './to-file-system-error.js';

/** Every temporary file of {@link writeFileAtomic} ends with this, so a later run can find and remove leftovers. */
export const ATOMIC_TEMP_SUFFIX = '.pixel-tmp';

export interface WriteFileAtomicOptions {
  /** Permissions of the new file (default 0o644 before the umask); wallets use 0o600. */
  mode?: number;
  /** How the user picks another place when the write fails, e.g. "or choose another folder with --output". */
  elsewhere?: FileErrorContext['elsewhere'];
}

/**
 * Writes `target` whole or not at all: the content goes to a temporary file beside it (`data`, or whatever
 * `write` puts through the handle), which is flushed to disk and renamed over `target`. Readers see the
 * old file or the complete new one, even after a crash or a kill; on failure the temporary file is removed,
 * `target` is untouched and the error is a {@link FileSystemError} naming `target` and the fix.
 */
export async function writeFileAtomic(
  target: string,
  content: string | Uint8Array | ((handle: FileHandle) => Promise<void>),
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(4).toString('hex')}${ATOMIC_TEMP_SUFFIX}`,
  );
  const context = { action: 'write', elsewhere: options.elsewhere };
  let handle: FileHandle;
  try {
    handle = await open(temporary, 'wx', options.mode ?? 0o644);
  } catch (error) {
    throw toFileSystemError(error, target, context);
  }
  try {
    if (typeof content === 'function') await content(handle);
    else await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw toFileSystemError(error, target, context);
  }
}
