import { statfs } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes free for this user on the file system that holds `folder`, or of its nearest existing parent (a
 * cache or output folder that a run would create); undefined if none can be read.
 */
export async function freeDiskBytes(folder: string): Promise<number | undefined> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    try {
      const stats = await statfs(current);
      return stats.bavail * stats.bsize;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}
