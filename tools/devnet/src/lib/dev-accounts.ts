import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import type { DevnetAccounts } from '../types.js';

/** The well-known dev keys the devnet uses: sudo //Alice, subnet owner //Bob with hotkey //Bob_hk (the SDK's `_hk` convention). */
export async function devAccounts(): Promise<DevnetAccounts> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    sudo: keyring.addFromUri('//Alice'),
    ownerColdkey: keyring.addFromUri('//Bob'),
    ownerHotkey: keyring.addFromUri('//Bob_hk'),
  };
}
