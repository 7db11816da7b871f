import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A short identity of the model folders that produce cached latents and embeddings: each folder's
 * JSON files by content and its other files by name, size and modification time (hashing gigabytes of
 * weights on every run would cost more than re-encoding a small dataset). A changed or replaced model
 * gives a new fingerprint, so stale cache entries are never read.
 */
export async function modelFingerprint(folders: readonly string[], variant?: string): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ variant: variant ?? null }));
  for (const folder of folders) {
    const names = (await readdir(folder)).sort();
    for (const name of names) {
      const file = path.join(folder, name);
      const info = await stat(file);
      if (!info.isFile()) continue;
      hash.update(`\0${path.basename(folder)}/${name}\0`);
      if (name.endsWith('.json')) hash.update(await readFile(file));
      else hash.update(`${info.size}:${info.mtimeMs}`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}
