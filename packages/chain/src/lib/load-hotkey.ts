import type { KeyringPair } from '@polkadot/keyring/types';

import type { WalletLocation } from '../types/public.js';
import { keypairFromKeyfileData } from './keypair-from-keyfile-data.js';
import { readKeyfileData, type ReadKeyfileOptions } from './read-keyfile-data.js';
import { walletFiles } from './wallet-files.js';

/** The wallet's hotkey (`<path>/<name>/hotkeys/<hotkey>`) as an sr25519 pair; usually unencrypted. */
export async function loadHotkey(
  wallet: WalletLocation,
  options: ReadKeyfileOptions = {},
): Promise<KeyringPair> {
  const file = walletFiles(wallet).hotkey;
  return keypairFromKeyfileData(await readKeyfileData(file, options), file);
}
