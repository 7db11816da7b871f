import type { UidValues } from '../types/public.js';

/** The value for `uid` in a Map or a plain object keyed by uid; a clear error when it is missing. */
export function uidValue<T>(values: UidValues<T>, uid: number, what: string): T {
  const value = values instanceof Map ? values.get(uid) : (values as Readonly<Record<number, T>>)[uid];
  if (value === undefined) throw new Error(`No ${what} for uid ${uid}: every evaluated uid needs one.`);
  return value;
}
