import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Option, u16 } from '@polkadot/types';

import { runtimeCall } from './runtime-call.js';
import { submitAndInclude } from './submit-and-include.js';

/** Burn-register each hotkey on the subnet (owned by `coldkey`, in one block when Utility exists) and return their uids in order. */
export async function registerHotkeys(
  api: ApiPromise,
  coldkey: KeyringPair,
  netuid: number,
  hotkeys: readonly string[],
): Promise<number[]> {
  if (hotkeys.length === 0) return [];
  const burnedRegister = runtimeCall(api, 'subtensorModule', 'burnedRegister');
  const calls = hotkeys.map((hotkey) => burnedRegister(netuid, hotkey));
  const [first] = calls;
  const tx = calls.length === 1 && first ? first : runtimeCall(api, 'utility', 'batchAll')(calls);
  await submitAndInclude(api, tx, coldkey);
  return Promise.all(
    hotkeys.map(async (hotkey) => {
      const uid = (await api.query.subtensorModule?.uids?.(netuid, hotkey)) as Option<u16> | undefined;
      if (!uid || uid.isNone)
        throw new Error(`devnet: ${hotkey} is not registered on netuid ${netuid} after burnedRegister`);
      return uid.unwrap().toNumber();
    }),
  );
}
