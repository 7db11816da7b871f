import { createHash } from 'node:crypto';

/**
 * The reference's directory hash from its files' hashes, given in walk order (see
 * `compareWalkOrder`): base64(sha256(the concatenated base64 file hashes as ASCII)).
 */
export function combineFileHashes(fileHashesInWalkOrder: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const fileHash of fileHashesInWalkOrder) hash.update(fileHash, 'ascii');
  return hash.digest('base64');
}
