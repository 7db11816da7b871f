import type { AccountId32 } from '@polkadot/types/interfaces';
import type { bool, u16 } from '@polkadot/types';

import type { Metagraph, Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { getCurrentBlock } from './get-current-block.js';

/**
 * The subnet's uid -> hotkey table from plain storage (`SubnetworkN`, `Keys`), which every runtime has;
 * the SDK's runtime-API metagraph calls return opaque bytes on older runtimes.
 */
export async function getMetagraph(subtensor: Subtensor, netuid: number): Promise<Metagraph> {
  const exists = await chainQuery<bool>(subtensor, 'subtensorModule', 'networksAdded', netuid);
  if (!exists.isTrue)
    throw new Error(
      `Subnet ${netuid} does not exist on ${subtensor.endpoint}; check the netuid and --subtensor.network`,
    );
  const block = await getCurrentBlock(subtensor);
  const size = (await chainQuery<u16>(subtensor, 'subtensorModule', 'subnetworkN', netuid)).toNumber();
  const hotkeys = await Promise.all(
    Array.from({ length: size }, async (_, uid) =>
      (await chainQuery<AccountId32>(subtensor, 'subtensorModule', 'keys', netuid, uid)).toString(),
    ),
  );
  return { netuid, block, hotkeys };
}
