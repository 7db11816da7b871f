import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';

import { runtimeCall } from './runtime-call.js';
import { submitAndInclude } from './submit-and-include.js';

/**
 * Register a new subnet owned by `coldkey` with `hotkey` as uid 0 and return its netuid. The call's
 * arguments differ between runtimes (spec 218 also takes a mechanism id), so they are read from metadata;
 * runtimes that gate emission behind `start_call` get it right away.
 */
export async function createSubnet(api: ApiPromise, coldkey: KeyringPair, hotkey: string): Promise<number> {
  const registerNetwork = runtimeCall(api, 'subtensorModule', 'registerNetwork');
  const extraArgs = registerNetwork.meta.args.slice(1).map(() => 1);
  const events = await submitAndInclude(api, registerNetwork(hotkey, ...extraArgs), coldkey);
  const added = events.find(
    ({ event }) => event.section === 'subtensorModule' && event.method === 'NetworkAdded',
  );
  if (!added)
    throw new Error('devnet: registerNetwork succeeded but no NetworkAdded event names the new netuid');
  const netuid = Number(added.event.data[0]?.toString());
  if (api.tx.subtensorModule?.startCall) {
    await submitAndInclude(api, api.tx.subtensorModule.startCall(netuid), coldkey);
  }
  return netuid;
}
