import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { ModelMetadata, SkippedCommitment, Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';
import { decodeCommitment } from './decode-commitment.js';
import { storageEntry } from './storage-entry.js';

export interface GetModelMetadataOptions {
  /** Read at this block hash instead of the head. */
  at?: string;
  /** Told why a commitment that exists could not be read as a ModelId. */
  onSkipped?: (skipped: SkippedCommitment) => void;
}

/**
 * The hotkey's committed ModelId and the block it was committed in (`Commitments.CommitmentOf`), or
 * undefined when it has none or it is not a readable ModelId (see `onSkipped`).
 */
export async function getModelMetadata(
  subtensor: Subtensor,
  netuid: number,
  hotkey: string,
  options: GetModelMetadataOptions = {},
): Promise<ModelMetadata | undefined> {
  const read = async () => {
    const api = options.at ? await subtensor.api.at(options.at) : subtensor.api;
    return (await storageEntry(
      api,
      subtensor.endpoint,
      'commitments',
      'commitmentOf',
    )(netuid, hotkey)) as Option<Codec>;
  };
  const registration = await chainCall(subtensor, 'Reading commitments.commitmentOf', read);
  if (registration.isNone) return undefined;
  const decoded = decodeCommitment(registration.unwrap());
  if (decoded.ok) return decoded.metadata;
  options.onSkipped?.({ hotkey, reason: decoded.reason });
  return undefined;
}
