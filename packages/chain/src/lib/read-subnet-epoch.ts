import type { u16, u64 } from '@polkadot/types';

import type { Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { hasStorage } from './has-storage.js';
import { subnetEpochFromBlock } from './subnet-epoch-from-block.js';
import { subnetEpochFromCounter } from './subnet-epoch-from-counter.js';
import { subtensorRuntimeRules } from './subtensor-runtime-rules.js';

/**
 * The subnet epoch a transaction in `block` counts in and the block the next epoch is due, by the rule this
 * runtime follows (see SubtensorRuntimeRules.epoch). `nextEpochBlock` is undefined when the subnet runs no epochs.
 */
export async function readSubnetEpoch(
  subtensor: Subtensor,
  netuid: number,
  block: number,
): Promise<{ index: number; nextEpochBlock: number | undefined }> {
  const tempo = (await chainQuery<u16>(subtensor, 'subtensorModule', 'tempo', netuid)).toNumber();
  if (subtensorRuntimeRules(subtensor.api.query).epoch === 'block-number') {
    return subnetEpochFromBlock(block, netuid, tempo);
  }
  const read = async (item: string) =>
    Number((await chainQuery<u64>(subtensor, 'subtensorModule', item, netuid)).toBigInt());
  const [epochIndex, lastEpochBlock, pendingEpochAt] = await Promise.all([
    read('subnetEpochIndex'),
    read('lastEpochBlock'),
    hasStorage(subtensor.api.query, 'subtensorModule', 'pendingEpochAt') ? read('pendingEpochAt') : 0,
  ]);
  return subnetEpochFromCounter(block, { epochIndex, lastEpochBlock, tempo, pendingEpochAt });
}
