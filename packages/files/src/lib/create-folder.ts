import { mkdir } from 'node:fs/promises';
import { toFileSystemError, type FileErrorContext } from './to-file-system-error.js';

export interface CreateFolderOptions {
  /** Permissions of the folders created (default 0o777 before the umask); wallets use 0o700. */
  mode?: number;
  /** How the user picks another place when the folder cannot be made, e.g. "or choose another folder with --output". */
  elsewhere?: FileErrorContext['elsewhere'];
}

/**
 * Creates `folder` and any missing parents (an existing folder is fine); a failure is a
 * {@link FileSystemError} naming the folder, the reason and the fix.
 */
export async function createFolder(folder: string, options: CreateFolderOptions = {}): Promise<void> {
  try {
    await mkdir(folder, { recursive: true, mode: options.mode });
  } catch (error) {
    throw toFileSystemError(error, folder, { action: 'create the folder', elsewhere: options.elsewhere });
  }
}
