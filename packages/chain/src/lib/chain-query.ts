import type { Codec } from '@polkadot/types/types';

import type { Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';

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
  const query = subtensor.api.query[section]?.[item];
  if (!query)
    throw new Error(
      `This chain's runtime has no ${section}.${item} storage; is ${subtensor.endpoint} a subtensor node?`,
    );
  return chainCall(subtensor, `Reading ${section}.${item}`, () => query(...args) as Promise<T>);
}
