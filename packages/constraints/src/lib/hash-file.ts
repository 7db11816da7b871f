import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Read size: large enough for full hashing speed, small enough that memory stays flat on a 10 GB file. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * base64(sha256(file bytes)), the reference's per-file hash. Streams the file in 1 MiB chunks,
 * so memory use does not grow with the file size. Symbolic links are followed.
 */
export async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(filePath, { highWaterMark: CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EISDIR'
        ? 'it is a directory (use hashDirectory)'
        : code === 'ENOENT'
          ? 'it does not exist'
          : (error as Error).message;
    throw new Error(`Cannot hash file "${filePath}": ${reason}.`, { cause: error });
  }
  return hash.digest('base64');
}
