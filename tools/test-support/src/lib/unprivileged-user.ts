/** The nobody user, which a test run by root becomes to meet the permission errors root never sees. */
const NOBODY = 65534;

/**
 * Spawn options that run a child as an ordinary user: `{ uid, gid }` of nobody when the tests run as root
 * (who may write anywhere), nothing otherwise.
 */
export function unprivilegedUser(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
}
