import type { Option } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';

import type { AllModelMetadata, Subtensor } from '../types/public.js';
import { chainCall } from './chain-call.js';
import { decodeCommitment } from './decode-commitment.js';
import { getMetagraph } from './get-metagraph.js';
import { storageEntry } from './storage-entry.js';

/**
 * The committed ModelId of every hotkey currently registered on the subnet, in one storage scan, read at the
 * same block as the metagraph that says who is registered. Commitments of deregistered hotkeys (the chain keeps
 * them) are left out; unreadable ones are listed in `skipped` with the reason.
 */
export async function getAllModelMetadata(subtensor: Subtensor, netuid: number): Promise<AllModelMetadata> {
  const head = await chainCall(subtensor, 'Reading the head block', () =>
    subtensor.api.rpc.chain.getHeader(),
  );
  const at = head.hash.toHex();
  const [metagraph, entries] = await Promise.all([
    getMetagraph(subtensor, netuid, { at }),
    chainCall(subtensor, 'Reading all commitments.commitmentOf', async () => {
      const api = await subtensor.api.at(at);
      return storageEntry(api, subtensor.endpoint, 'commitments', 'commitmentOf').entries(netuid);
    }),
  ]);
  const registered = new Set(metagraph.hotkeys);
  const result: AllModelMetadata = { models: new Map(), skipped: [] };
  for (const [key, value] of entries) {
    const hotkey = key.args[1]?.toString() ?? '';
    const registration = value as Option<Codec>;
    if (!registered.has(hotkey) || registration.isNone) continue;
    const decoded = decodeCommitment(registration.unwrap());
    if (decoded.ok) result.models.set(hotkey, decoded.metadata);
    else result.skipped.push({ hotkey, reason: decoded.reason });
  }
  return result;
}
