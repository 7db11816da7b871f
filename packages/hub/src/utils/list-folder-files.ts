import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidFolderError } from '../errors.js';

/** Every regular file under `folder` (symlinks followed), as sorted `/`-separated relative paths; `.git` is skipped. */
export async function listFolderFiles(folder: string): Promise<string[]> {
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    throw new InvalidFolderError(folder, error.code === 'ENOENT' ? 'it does not exist' : error.message, {
      cause: error,
    });
  });
  if (!info.isDirectory()) throw new InvalidFolderError(folder, 'it is not a directory');

  const files: string[] = [];
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(join(folder, relative));
    for (const entry of entries) {
      if (entry === '.git') continue;
      const path = relative === '' ? entry : `${relative}/${entry}`;
      const entryInfo = await stat(join(folder, path));
      if (entryInfo.isDirectory()) await walk(path);
      else if (entryInfo.isFile()) files.push(path);
    }
  }
  await walk('');
  if (files.length === 0) throw new InvalidFolderError(folder, 'it holds no files');
  return files.sort();
}
