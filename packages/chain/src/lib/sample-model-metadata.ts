import { UsageError } from '@pixel/constraints';
import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { AllModelMetadata, Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';
import { decodeCommitment } from './decode-commitment.js';
import { storageEntry } from './storage-entry.js';

/** A node answers at most 1000 keys per page (`state_getKeysPaged`). */
const MAX_SAMPLE = 1000;

/**
 * At most `limit` of the subnet's commitments (`Commitments.CommitmentOf`), each read as validators read it:
 * one page of the storage map, in key order (by hashed hotkey, so no particular miners come first), whether
 * the hotkey is still registered or not. For a bounded look at what a subnet's commitments are, without the
 * metagraph; `getAllModelMetadata` reads every registered hotkey's.
 */
export async function sampleModelMetadata(
  subtensor: Subtensor,
  netuid: number,
  limit: number,
): Promise<AllModelMetadata> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SAMPLE) {
    throw new UsageError(`sampleModelMetadata reads 1 to ${MAX_SAMPLE} commitments, got ${limit}.`);
  }
  const entries = await chainCall(subtensor, 'Reading commitments.commitmentOf', () =>
    storageEntry(subtensor.api, subtensor.endpoint, 'commitments', 'commitmentOf').entriesPaged({
      args: [netuid],
      pageSize: limit,
    }),
  );
  const sample: AllModelMetadata = { models: new Map(), skipped: [] };
  for (const [key, value] of entries.slice(0, limit)) {
    const hotkey = key.args[1]?.toString() ?? '';
    const registration = value as Option<Codec>;
    if (registration.isNone) continue;
    const decoded = decodeCommitment(registration.unwrap());
    if (decoded.ok) sample.models.set(hotkey, decoded.metadata);
    else sample.skipped.push({ hotkey, reason: decoded.reason });
  }
  return sample;
}
