import type { AccountId32 } from '@polkadot/types/interfaces';
import type { bool, u16, Vec } from '@polkadot/types';

import type { Metagraph, Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { getCurrentBlock } from './get-current-block.js';

const U16_MAX = 65_535;

/**
 * The subnet's uid -> hotkey table and each uid's incentive from plain storage (`SubnetworkN`, `Keys`,
 * `Incentive`), which every runtime has; the SDK's runtime-API metagraph calls return opaque bytes on
 * older runtimes.
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
  // u16 fixed point, as the SDK's metagraph.I: 65535 is 1.
  const stored = await chainQuery<Vec<u16>>(subtensor, 'subtensorModule', 'incentive', netuid);
  const incentive = hotkeys.map((_, uid) => (stored[uid]?.toNumber() ?? 0) / U16_MAX);
  return { netuid, block, hotkeys, incentive };
}
