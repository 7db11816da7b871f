import type { UidValues } from '../types/public.js';

/** [uid, value] pairs of a Map (in its order) or of a plain object keyed by uid (numeric key order). */
export function uidEntries<T>(values: UidValues<T>): [number, T][] {
  if (values instanceof Map) return [...values];
  return Object.entries(values as Readonly<Record<number, T>>).map(([uid, value]) => [Number(uid), value]);
}
