import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ATOMIC_TEMP_SUFFIX } from './write-file-atomic.js';

/**
 * Deletes the temporary files a killed {@link writeFileAtomic} left in `folder` (not in its subfolders) and
 * returns how many there were. A missing folder has none.
 */
export async function removeAtomicTempFiles(folder: string): Promise<number> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const leftovers = names.filter((name) => name.startsWith('.') && name.endsWith(ATOMIC_TEMP_SUFFIX));
  await Promise.all(leftovers.map((name) => rm(path.join(folder, name), { force: true })));
  return leftovers.length;
}
