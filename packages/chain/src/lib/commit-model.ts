import { MAX_METADATA_BYTES, type ModelId } from '@pixel/constraints';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';

import type { CommitResult, Subtensor } from '../types/public.js';
import { checkCommitRateLimit } from './check-commit-rate-limit.js';
import { ChainCallError, HotkeyNotRegisteredError, RateLimitError } from './errors.js';
import { getModelMetadata } from './get-model-metadata.js';
import { rawCommitmentInfo } from './raw-commitment-info.js';
import { requireRegisteredUid } from './require-registered-uid.js';
import { submitExtrinsic } from './submit-extrinsic.js';

/**
 * `Commitments.set_commitment(netuid, { fields: [Raw<N>(bytes)] })` built from this runtime's metadata;
 * every runtime so far has the call and the Raw0..Raw128 variants, but a node that is not subtensor does not.
 */
function setCommitmentCall(
  subtensor: Subtensor,
  netuid: number,
  bytes: Uint8Array,
): SubmittableExtrinsic<'promise'> {
  const call = subtensor.api.tx.commitments?.setCommitment;
  if (!call) {
    throw new Error(
      `This chain's runtime has no Commitments.set_commitment call; is ${subtensor.endpoint} a subtensor node?`,
    );
  }
  try {
    return call(netuid, rawCommitmentInfo(bytes));
  } catch (error) {
    throw new Error(
      `This chain's runtime cannot encode a ${bytes.length}-byte Raw commitment: ${(error as Error).message}`,
    );
  }
}

/**
 * Commit the model's identity for `hotkey` on the subnet as validators read it: one `Raw<N>` field
 * holding the ModelId compressed string, signed by the hotkey. Refuses over-long or invalid ids and
 * unregistered hotkeys before sending, reports rate limits with the block to retry at, waits for
 * inclusion and reads the commitment back.
 */
export async function commitModel(
  subtensor: Subtensor,
  hotkey: KeyringPair,
  netuid: number,
  modelId: ModelId,
): Promise<CommitResult> {
  const committed = modelId.toCompressedString();
  const bytes = new TextEncoder().encode(committed);
  if (bytes.length > MAX_METADATA_BYTES) {
    throw new Error(
      `ModelId "${committed}" is ${bytes.length} bytes; a commitment holds at most ${MAX_METADATA_BYTES}. Shorten the repo namespace or name.`,
    );
  }
  const problems = modelId.validate();
  if (problems.length > 0)
    throw new Error(`ModelId "${committed}" would be rejected: ${problems.map((p) => p.message).join(' ')}`);

  await requireRegisteredUid(subtensor, netuid, hotkey.address);
  await checkCommitRateLimit(subtensor, netuid, hotkey.address, bytes.length);

  const tx = setCommitmentCall(subtensor, netuid, bytes);
  let inclusion;
  try {
    inclusion = await submitExtrinsic(subtensor, tx, hotkey);
  } catch (error) {
    if (error instanceof ChainCallError && error.code === 'commitments.AccountNotAllowedCommit') {
      throw new HotkeyNotRegisteredError(hotkey.address, netuid);
    }
    if (error instanceof ChainCallError && /RateLimitExceeded|SpaceLimitExceeded/.test(error.code)) {
      throw new RateLimitError(`${error.message}. Wait and retry.`, error.code, undefined);
    }
    throw error;
  }

  const readBack = await getModelMetadata(subtensor, netuid, hotkey.address, { at: inclusion.blockHash });
  if (
    !readBack ||
    readBack.modelId.toCompressedString() !== committed ||
    readBack.block !== inclusion.block
  ) {
    throw new Error(
      `The commitment in block ${inclusion.block} reads back as ${readBack ? `"${readBack.modelId.toCompressedString()}" at block ${readBack.block}` : 'nothing'}, not "${committed}"`,
    );
  }
  return { committed, block: inclusion.block, blockHash: inclusion.blockHash };
}
