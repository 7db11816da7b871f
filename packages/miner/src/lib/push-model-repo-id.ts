/** Hex digits of the content hash that name a model's repo by default: enough to tell a miner's models apart. */
export const CONTENT_SUFFIX_LENGTH = 8;

/**
 * The repo a push uploads to: `repo` plus `-<suffix>`, or `repo` itself for an empty suffix. Without a
 * suffix given, it is the first 8 hex digits of the uploaded folder's content hash (`hashDirectory`, base64),
 * so every model gets a fresh private repo and a push of the same model again finds the same repo.
 */
export function pushRepoId(repo: string, suffix: string | { contentHash: string }): string {
  const tail =
    typeof suffix === 'string'
      ? suffix
      : Buffer.from(suffix.contentHash, 'base64').toString('hex').slice(0, CONTENT_SUFFIX_LENGTH);
  return tail === '' ? repo : `${repo}-${tail}`;
}
