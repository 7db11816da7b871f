import path from 'node:path';

import { createFolder, pathExists, writeFileAtomic } from '@pixel/files';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';

import type { KeyfileData, WalletFiles, WalletLocation } from '../types/public.js';
import { ed25519ToCanonicalSecret } from './ed25519-to-canonical-secret.js';
import { encryptKeyfileData } from './encrypt-keyfile-data.js';
import { WalletError } from './errors.js';
import { keypairFromKeyfileData } from './keypair-from-keyfile-data.js';
import { walletFiles } from './wallet-files.js';

/** How a user puts the wallet elsewhere when its folder cannot be written. */
const ELSEWHERE = 'or choose another wallets folder (--wallet.path)';

export interface CreateWalletOptions {
  /** Encrypts the coldkey ($NACL, as btcli). Without it the coldkey is written in clear: only for local chains. */
  coldkeyPassword?: string;
  /** Restore from existing mnemonics instead of generating new 12-word ones. */
  coldkeyMnemonic?: string;
  hotkeyMnemonic?: string;
  /** Replace existing key files. Default false: an existing key is never overwritten by accident. */
  overwrite?: boolean;
}

export interface CreatedWallet {
  coldkey: KeyringPair;
  hotkey: KeyringPair;
  /** Write these down: they are the only way to recover the keys. */
  coldkeyMnemonic: string;
  hotkeyMnemonic: string;
  files: WalletFiles;
}

/** btwallet `Keypair::create_from_mnemonic` serialised: all six fields. */
function keyfileFromMnemonic(mnemonic: string, role: string): KeyfileData {
  if (!mnemonicValidate(mnemonic)) throw new WalletError(`The ${role} mnemonic is not a valid BIP39 phrase`);
  const seed = mnemonicToMiniSecret(mnemonic);
  const { publicKey, secretKey } = sr25519PairFromSeed(seed);
  const publicHex = u8aToHex(publicKey);
  return {
    accountId: publicHex,
    publicKey: publicHex,
    privateKey: u8aToHex(ed25519ToCanonicalSecret(secretKey)),
    secretPhrase: mnemonic,
    secretSeed: u8aToHex(seed),
    ss58Address: encodeAddress(publicKey, 42),
  };
}

function publicPart({ accountId, publicKey, ss58Address }: KeyfileData): KeyfileData {
  return { accountId, publicKey, ss58Address };
}

async function refuseExisting(files: string[]): Promise<void> {
  for (const file of files) {
    if (await pathExists(file))
      throw new WalletError(
        `${file} already exists; pass overwrite: true to replace it (its key is lost unless backed up)`,
      );
  }
}

/**
 * Create a wallet in the Bittensor SDK's layout and format (files mode 0600, written atomically): coldkey
 * (`$NACL`-encrypted when a password is given), coldkeypub.txt, hotkeys/<hotkey> and hotkeys/<hotkey>pub.txt.
 */
export async function createWallet(
  wallet: WalletLocation,
  options: CreateWalletOptions = {},
): Promise<CreatedWallet> {
  await cryptoWaitReady();
  const files = walletFiles(wallet);
  if (!options.overwrite) await refuseExisting(Object.values(files));

  const coldkeyMnemonic = options.coldkeyMnemonic ?? mnemonicGenerate(12);
  const hotkeyMnemonic = options.hotkeyMnemonic ?? mnemonicGenerate(12);
  const coldkeyData = keyfileFromMnemonic(coldkeyMnemonic, 'coldkey');
  const hotkeyData = keyfileFromMnemonic(hotkeyMnemonic, 'hotkey');

  // Only the owner may list or enter the wallet's folders, as btwallet creates them.
  await createFolder(path.dirname(files.hotkey), { mode: 0o700, elsewhere: ELSEWHERE });
  const json = (data: KeyfileData) => new TextEncoder().encode(JSON.stringify(data));
  const coldkeyBytes =
    options.coldkeyPassword === undefined
      ? json(coldkeyData)
      : await encryptKeyfileData(json(coldkeyData), options.coldkeyPassword);
  const keyFile = { mode: 0o600, elsewhere: ELSEWHERE };
  await writeFileAtomic(files.coldkey, coldkeyBytes, keyFile);
  await writeFileAtomic(files.coldkeyPub, json(publicPart(coldkeyData)), keyFile);
  await writeFileAtomic(files.hotkey, json(hotkeyData), keyFile);
  await writeFileAtomic(files.hotkeyPub, json(publicPart(hotkeyData)), keyFile);

  return {
    coldkey: await keypairFromKeyfileData(coldkeyData, files.coldkey),
    hotkey: await keypairFromKeyfileData(hotkeyData, files.hotkey),
    coldkeyMnemonic,
    hotkeyMnemonic,
    files,
  };
}
