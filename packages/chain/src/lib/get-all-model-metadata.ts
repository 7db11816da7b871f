import type { AllModelMetadata, Subtensor } from '../types/public.js';
import { decodeCommitment } from './decode-commitment.js';
import { getMetagraph } from './get-metagraph.js';
import { chainCall } from './chain-call.js';

/**
 * The committed ModelId of every hotkey currently registered on the subnet, in one storage scan.
 * Commitments of deregistered hotkeys (the chain keeps them) are left out; unreadable ones are listed
 * in `skipped` with the reason.
 */
export async function getAllModelMetadata(subtensor: Subtensor, netuid: number): Promise<AllModelMetadata> {
  const query = subtensor.api.query.commitments?.commitmentOf;
  if (!query)
    throw new Error(
      `This chain's runtime has no Commitments.CommitmentOf storage; is ${subtensor.endpoint} a subtensor node?`,
    );
  const [metagraph, entries] = await Promise.all([
    getMetagraph(subtensor, netuid),
    chainCall(subtensor, 'Reading all commitments.commitmentOf', () => query.entries(netuid)),
  ]);
  const registered = new Set(metagraph.hotkeys);
  const result: AllModelMetadata = { models: new Map(), skipped: [] };
  for (const [key, value] of entries) {
    const hotkey = key.args[1]?.toString() ?? '';
    if (!registered.has(hotkey) || value.isEmpty) continue;
    const json = value.toJSON() as Parameters<typeof decodeCommitment>[0] | null;
    if (!json) continue;
    const decoded = decodeCommitment(json);
    if (decoded.ok) result.models.set(hotkey, decoded.metadata);
    else result.skipped.push({ hotkey, reason: decoded.reason });
  }
  return result;
}
