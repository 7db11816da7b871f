import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';

import { runtimeCall } from './runtime-call.js';
import { submitAndInclude } from './submit-and-include.js';

/**
 * Commit any bytes (text as UTF-8) for `hotkey` on the subnet as one `Raw<n>` field, unchecked: what the miners
 * of another subnet commit, for tests of the readers and of whatever judges a subnet by its commitments.
 * The chain's own limits apply (at most 128 bytes; one commitment per hotkey per rate-limit period).
 */
export async function commitRaw(
  api: ApiPromise,
  hotkey: KeyringPair,
  netuid: number,
  data: string | Uint8Array,
): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const setCommitment = runtimeCall(api, 'commitments', 'setCommitment');
  await submitAndInclude(api, setCommitment(netuid, { fields: [{ [`Raw${bytes.length}`]: bytes }] }), hotkey);
}
