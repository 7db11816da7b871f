import type { KeyringPair } from '@polkadot/keyring/types';
import type { bool, u64, Vec } from '@polkadot/types';

import type { SetWeightsResult, Subtensor } from '../types/public.js';
import { chainQuery } from './chain-query.js';
import { ChainCallError, RateLimitError } from './errors.js';
import { getCurrentBlock } from './get-current-block.js';
import { netuidStorageIndex } from './netuid-storage-index.js';
import { normalizeWeights } from './normalize-weights.js';
import { requireRegisteredUid } from './require-registered-uid.js';
import { submitExtrinsic } from './submit-extrinsic.js';

function commitRevealError(netuid: number): ChainCallError {
  return new ChainCallError(
    `Subnet ${netuid} has commit-reveal weights enabled, so the chain refuses plain set_weights (CommitRevealEnabled). ` +
      'Timelocked weight commits (drand) are not supported by @pixel/chain; use the Bittensor SDK for this subnet.',
    'subtensorModule.CommitRevealEnabled',
  );
}

/** Throw a RateLimitError with the block to retry at when this uid set weights less than `WeightsSetRateLimit` blocks ago. */
async function checkWeightsRateLimit(subtensor: Subtensor, netuid: number, uid: number): Promise<void> {
  const limit = (
    await chainQuery<u64>(subtensor, 'subtensorModule', 'weightsSetRateLimit', netuid)
  ).toNumber();
  const lastUpdate =
    (await chainQuery<Vec<u64>>(subtensor, 'subtensorModule', 'lastUpdate', netuidStorageIndex(netuid)))[
      uid
    ]?.toNumber() ?? 0;
  // LastUpdate starts at the registration block; 0 means the uid predates that rule (the chain lets it pass).
  if (lastUpdate === 0 || limit === 0) return;
  const nextBlock = (await getCurrentBlock(subtensor)) + 1;
  const retryAtBlock = lastUpdate + limit;
  if (nextBlock < retryAtBlock) {
    throw new RateLimitError(
      `uid ${uid} was last updated (weights set or registered) at block ${lastUpdate}; subnet ${netuid} allows weights every ${limit} blocks. Retry at block ${retryAtBlock}.`,
      'subtensorModule.SettingWeightsTooFast',
      retryAtBlock,
    );
  }
}

/**
 * Set a validator's weights with the SDK's normalisation (max-upscaled to u16, zeros dropped), signed by
 * its hotkey, and wait for inclusion. Commit-reveal subnets and rate limits are reported clearly.
 */
export async function setWeights(
  subtensor: Subtensor,
  hotkey: KeyringPair,
  netuid: number,
  uids: readonly number[],
  weights: readonly number[],
  versionKey: number | bigint,
): Promise<SetWeightsResult> {
  const normalized = normalizeWeights(uids, weights);
  if (normalized.uids.length === 0) throw new Error('All weights are zero: there is nothing to set');
  const uid = await requireRegisteredUid(subtensor, netuid, hotkey.address);
  const commitReveal = await chainQuery<bool>(
    subtensor,
    'subtensorModule',
    'commitRevealWeightsEnabled',
    netuid,
  );
  if (commitReveal.isTrue) throw commitRevealError(netuid);
  await checkWeightsRateLimit(subtensor, netuid, uid);

  const call = subtensor.api.tx.subtensorModule?.setWeights;
  if (!call)
    throw new Error(
      `This chain's runtime has no SubtensorModule.set_weights call; is ${subtensor.endpoint} a subtensor node?`,
    );
  try {
    const inclusion = await submitExtrinsic(
      subtensor,
      call(netuid, normalized.uids, normalized.weights, versionKey),
      hotkey,
    );
    return { block: inclusion.block, blockHash: inclusion.blockHash, ...normalized };
  } catch (error) {
    if (error instanceof ChainCallError && error.code === 'subtensorModule.CommitRevealEnabled')
      throw commitRevealError(netuid);
    if (error instanceof ChainCallError && /TooFast/.test(error.code)) {
      throw new RateLimitError(`${error.message}. Wait and retry.`, error.code, undefined);
    }
    throw error;
  }
}
