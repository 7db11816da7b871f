import type { Codec } from '@polkadot/types/types';

import type { Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';
import { storageEntry } from './storage-entry.js';

/**
 * Read a storage item by pallet and name from the runtime's metadata (`chainQuery(s, 'subtensorModule', 'uids', netuid, hotkey)`),
 * failing clearly when this runtime lacks it and with a ChainTimeoutError when the node does not answer.
 */
export async function chainQuery<T extends Codec = Codec>(
  subtensor: Subtensor,
  section: string,
  item: string,
  ...args: unknown[]
): Promise<T> {
  const query = storageEntry(subtensor.api, subtensor.endpoint, section, item);
  return chainCall(subtensor, `Reading ${section}.${item}`, () => query(...args) as Promise<T>);
}
