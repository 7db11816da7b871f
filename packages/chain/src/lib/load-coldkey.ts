import type { KeyringPair } from '@polkadot/keyring/types';

import type { WalletLocation } from '../types/public.js';
import { keypairFromKeyfileData } from './keypair-from-keyfile-data.js';
import { readKeyfileData, type ReadKeyfileOptions } from './read-keyfile-data.js';
import { walletFiles } from './wallet-files.js';

/**
 * The wallet's coldkey as an sr25519 pair. It is usually `$NACL`-encrypted: decrypting takes seconds
 * (Argon2i, 512 MiB) and needs `options.password` (a string or a prompt) or btcli's `BT_PW_...` variable.
 */
export async function loadColdkey(
  wallet: WalletLocation,
  options: ReadKeyfileOptions = {},
): Promise<KeyringPair> {
  const file = walletFiles(wallet).coldkey;
  return keypairFromKeyfileData(await readKeyfileData(file, options), file);
}
