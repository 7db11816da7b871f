import { rm } from 'node:fs/promises';
import { createTemporaryDirectory } from './create-temporary-directory.js';

/** Runs `use` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTemporaryDirectory<T>(
  prefix: string,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await createTemporaryDirectory(prefix);
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
