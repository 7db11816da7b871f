import type { ApiDecoration, QueryableStorageEntry } from '@polkadot/api/types';

/**
 * The storage item `api.query[section][item]` of a client or of a client pinned to a block (`api.at(hash)`),
 * failing clearly when this runtime lacks it.
 */
export function storageEntry(
  api: Pick<ApiDecoration<'promise'>, 'query'>,
  endpoint: string,
  section: string,
  item: string,
): QueryableStorageEntry<'promise'> {
  const entry = api.query[section]?.[item];
  if (!entry) {
    throw new Error(
      `This chain's runtime has no ${section}.${item} storage; is ${endpoint} a subtensor node?`,
    );
  }
  return entry;
}
