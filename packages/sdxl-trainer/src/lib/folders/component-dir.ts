import path from 'node:path';

/** The folder of one pipeline component: `dir/subfolder`, or `dir` itself without a subfolder. */
export function componentDir(dir: string, subfolder?: string): string {
  return subfolder ? path.join(dir, subfolder) : dir;
}
