import type { ApiPromise, WsProvider } from '@polkadot/api';

import { setDevStorage } from './set-dev-storage.js';

/** 1,000,000 TAO in rao, what the SDK's localnet gives //Alice. */
export const DEFAULT_FUND_AMOUNT = 1_000_000_000_000_000n;

/**
 * Give each address a free balance. Writing `System.Account` replaces the whole entry (nonce included),
 * so existing nonces are carried over: resetting them would make the next transaction a replay.
 */
export async function fundAccounts(
  api: ApiPromise,
  provider: WsProvider,
  addresses: readonly string[],
  amount: bigint = DEFAULT_FUND_AMOUNT,
): Promise<void> {
  if (addresses.length === 0) return;
  const entries = await Promise.all(
    addresses.map(async (address) => {
      const current = await api.query.system.account(address);
      return [
        [address],
        { nonce: current.nonce.toNumber(), providers: 1, data: { free: amount.toString() } },
      ];
    }),
  );
  await setDevStorage(provider, { System: { Account: entries } });
}
