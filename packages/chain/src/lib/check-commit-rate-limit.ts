import type { Option, u16, u32, u64 } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { RateLimitError } from './errors.js';
import { getCurrentBlock } from './get-current-block.js';
import { hasStorage } from './has-storage.js';
import { subnetEpoch } from './subnet-epoch.js';

/** Every commit costs at least this much of the per-epoch space budget (pallet-commitments). */
const MIN_COMMIT_SPACE = 100;

/** The old rule (spec 218 and mainnet before 2025-03): one commitment per `RateLimit` blocks per hotkey. */
async function checkBlockRateLimit(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  nextBlock: number,
): Promise<void> {
  const limit = subtensor.api.consts.commitments?.rateLimit as u32 | undefined;
  if (!limit || !hasStorage(subtensor, 'commitments', 'lastCommitment')) return;
  const last = await chainQuery<Option<u32>>(subtensor, 'commitments', 'lastCommitment', netuid, hotkey);
  if (last.isNone) return;
  const retryAtBlock = last.unwrap().toNumber() + limit.toNumber();
  if (nextBlock < retryAtBlock) {
    throw new RateLimitError(
      `Hotkey ${hotkey} committed at block ${last.unwrap().toNumber()}; this chain allows one commitment per ${limit.toNumber()} blocks. Retry at block ${retryAtBlock}.`,
      'commitments.CommitmentSetRateLimitExceeded',
      retryAtBlock,
    );
  }
}

/** The current rule: `max(100, bytes)` units per commit out of `MaxSpace` per subnet epoch and hotkey. */
async function checkSpaceLimit(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  nextBlock: number,
  bytes: number,
): Promise<void> {
  if (!hasStorage(subtensor, 'commitments', 'maxSpace')) return;
  const used = (
    await chainQuery<Option<Codec>>(subtensor, 'commitments', 'usedSpaceOf', netuid, hotkey)
  ).toJSON() as {
    lastEpoch: number;
    usedSpace: number;
  } | null;
  if (!used) return;
  const maxSpace = (await chainQuery<u32>(subtensor, 'commitments', 'maxSpace')).toNumber();
  const tempo = (await chainQuery<u16>(subtensor, 'subtensorModule', 'tempo', netuid)).toNumber();
  // Runtimes since 2026-05 keep the epoch index in storage (the next epoch's block is then an estimate).
  const blockEpoch = subnetEpoch(nextBlock, netuid, tempo);
  const epoch = hasStorage(subtensor, 'subtensorModule', 'subnetEpochIndex')
    ? (await chainQuery<u64>(subtensor, 'subtensorModule', 'subnetEpochIndex', netuid)).toNumber()
    : blockEpoch.index;
  const cost = Math.max(MIN_COMMIT_SPACE, bytes);
  if (used.lastEpoch === epoch && used.usedSpace + cost > maxSpace) {
    const retryAtBlock = blockEpoch.nextEpochBlock;
    throw new RateLimitError(
      `Hotkey ${hotkey} used ${used.usedSpace} of its ${maxSpace} commitment space this epoch and this commit needs ${cost}. ` +
        `Retry when the subnet's next epoch starts (about block ${retryAtBlock}).`,
      'commitments.SpaceLimitExceeded',
      retryAtBlock,
    );
  }
}

/**
 * Throw a RateLimitError (with the block to retry at) if the chain would refuse this hotkey's commitment now.
 * Runtimes with the space budget (`UsedSpaceOf`) dropped the block rule, whatever constants remain.
 */
export async function checkCommitRateLimit(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  bytes: number,
): Promise<void> {
  const nextBlock = (await getCurrentBlock(subtensor)) + 1;
  if (hasStorage(subtensor, 'commitments', 'usedSpaceOf')) {
    await checkSpaceLimit(subtensor, netuid, hotkey, nextBlock, bytes);
  } else {
    await checkBlockRateLimit(subtensor, netuid, hotkey, nextBlock);
  }
}
