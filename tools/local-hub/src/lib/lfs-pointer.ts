/** The Git LFS pointer file that stands in the git tree for a large file (what the Hub's `raw` endpoint serves). */
export function lfsPointer(sha256: string, size: number): Buffer {
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
}
