import type { Option, u32 } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { checkCommitmentSpace } from './check-commitment-space.js';
import { decodeUsedSpace } from './decode-used-space.js';
import { RateLimitError } from './errors.js';
import { getCurrentBlock } from './get-current-block.js';
import { readSubnetEpoch } from './read-subnet-epoch.js';
import { subtensorRuntimeRules } from './subtensor-runtime-rules.js';

/** The block-interval rule (spec 218, mainnet before 2025-03): one commitment per `RateLimit` blocks per hotkey. */
async function checkBlockInterval(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  nextBlock: number,
): Promise<void> {
  const limit = subtensor.api.consts.commitments?.rateLimit as u32 | undefined;
  if (!limit) return;
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

/**
 * Throw a RateLimitError (with the block to retry at) if the chain would refuse this hotkey's commitment in the
 * next block, by the rule this runtime follows (SubtensorRuntimeRules.commitmentLimit and .epoch).
 */
export async function checkCommitRateLimit(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  bytes: number,
): Promise<void> {
  const nextBlock = (await getCurrentBlock(subtensor)) + 1;
  if (subtensorRuntimeRules(subtensor.api.query).commitmentLimit === 'block-interval') {
    await checkBlockInterval(subtensor, netuid, hotkey, nextBlock);
    return;
  }
  const [used, maxSpace, epoch] = await Promise.all([
    chainQuery<Option<Codec>>(subtensor, 'commitments', 'usedSpaceOf', netuid, hotkey).then(decodeUsedSpace),
    chainQuery<u32>(subtensor, 'commitments', 'maxSpace').then((value) => value.toNumber()),
    readSubnetEpoch(subtensor, netuid, nextBlock),
  ]);
  checkCommitmentSpace({ hotkey, bytes, used, maxSpace, epoch });
}
