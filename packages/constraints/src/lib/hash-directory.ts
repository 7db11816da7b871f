import path from 'node:path';
import { combineFileHashes } from './combine-file-hashes.js';
import { hashFile } from './hash-file.js';
import { listFilesInWalkOrder } from './list-files-in-walk-order.js';

/**
 * The content hash validators compare with the chain: every file under `directory` hashed with
 * `hashFile`, in the reference's os.walk order, combined with `combineFileHashes`. Files are read
 * one at a time, streamed, so memory stays flat whatever the model size.
 */
export async function hashDirectory(directory: string): Promise<string> {
  const fileHashes: string[] = [];
  for (const relativePath of await listFilesInWalkOrder(directory)) {
    fileHashes.push(await hashFile(path.join(directory, relativePath)));
  }
  return combineFileHashes(fileHashes);
}
