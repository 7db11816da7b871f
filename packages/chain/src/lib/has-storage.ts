/** `api.query` of a connected ApiPromise, or the storage of a runtime's decorated metadata: sections of items. */
export type StorageSections = {
  readonly [section: string]: { readonly [item: string]: unknown } | undefined;
};

/** Whether this runtime has the storage item: runtimes differ (spec 218 vs. today's mainnet). */
export function hasStorage(query: StorageSections, section: string, item: string): boolean {
  return query[section]?.[item] !== undefined;
}
