import { rm } from 'node:fs/promises';
import { createTemporaryDirectory } from './create-temporary-directory.js';

/**
 * A fresh temporary folder for each test in the enclosing jest block, removed after it: call at the top of the
 * block, and call the result inside a test to get the folder.
 */
export function useTemporaryDirectory(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await createTemporaryDirectory(prefix);
  });
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('useTemporaryDirectory: the directory exists only inside a test.');
    return dir;
  };
}
