import { UsageError } from '@pixel/constraints';

/**
 * The uid a `uid:<n>` model value names, or undefined when the value is not a uid (a folder or Hub id).
 * A value that starts with `uid:` but names no number is a UsageError naming `flag`.
 */
export function parseUidSpec(value: string, flag: string): number | undefined {
  if (!value.startsWith('uid:')) return undefined;
  const uid = value.slice('uid:'.length);
  if (!/^\d+$/.test(uid))
    throw new UsageError(`${flag} ${value}: a uid is written uid:<number>, e.g. uid:12.`);
  return Number(uid);
}
