import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, u8aEq } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicValidate,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/util-crypto';

import type { KeyfileData } from '../types/public.js';
import { canonicalToEd25519Secret } from './canonical-to-ed25519-secret.js';
import { WalletError } from './errors.js';

const SS58_FORMAT = 42;

/** `0x`-hex, or (btwallet quirk) raw seed bytes written verbatim after `0x` when they happen to be UTF-8. */
function seedBytes(secretSeed: string, source: string): Uint8Array {
  if (isHex(secretSeed) && secretSeed.length === 66) return hexToU8a(secretSeed);
  const raw = new TextEncoder().encode(secretSeed.slice(2));
  if (secretSeed.startsWith('0x') && raw.length === 32) return raw;
  throw new WalletError(`${source}: secretSeed is not a 32-byte 0x-hex seed`);
}

function pairFromPrivateKey(keyring: Keyring, data: KeyfileData, source: string): KeyringPair {
  const { privateKey, publicKey } = data;
  if (!privateKey || !isHex(privateKey) || privateKey.length !== 130) {
    throw new WalletError(`${source}: privateKey is not a 64-byte 0x-hex sr25519 secret`);
  }
  if (!publicKey || !isHex(publicKey) || publicKey.length !== 66) {
    throw new WalletError(
      `${source}: a privateKey-only keyfile needs its 32-byte publicKey to be checked against`,
    );
  }
  const pair = { publicKey: hexToU8a(publicKey), secretKey: canonicalToEd25519Secret(hexToU8a(privateKey)) };
  // Nothing derives the public key from the secret here, so prove they belong together by a signature.
  const probe = new TextEncoder().encode('pixel keyfile check');
  if (!sr25519Verify(probe, sr25519Sign(probe, pair), pair.publicKey)) {
    throw new WalletError(`${source}: privateKey does not belong to publicKey ${publicKey}`);
  }
  return keyring.addFromPair(pair);
}

/**
 * The sr25519 keypair of a btwallet keyfile, read in the SDK's priority order (secretPhrase, secretSeed,
 * privateKey) and checked against the file's `ss58Address`/`publicKey` when present.
 */
export async function keypairFromKeyfileData(data: KeyfileData, source = 'keyfile'): Promise<KeyringPair> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58_FORMAT });
  let pair: KeyringPair;
  if (data.secretPhrase) {
    // polkadot-js would take a short phrase as a raw seed, a hex phrase as a seed and `//x` as a derivation:
    // a key, but never the one btwallet makes of that file, so it would later show as "not registered".
    if (!mnemonicValidate(data.secretPhrase)) {
      throw new WalletError(
        `${source}: secretPhrase is not a valid BIP39 mnemonic (12, 15, 18, 21 or 24 English words with a valid ` +
          'checksum), so it is not the key btcli made of it. Restore the key from its mnemonic ' +
          '(`btcli wallet regen-hotkey` or `regen-coldkey`), or choose another with --wallet.name / --wallet.hotkey.',
      );
    }
    pair = keyring.addFromMnemonic(data.secretPhrase);
  } else if (data.secretSeed) {
    pair = keyring.addFromSeed(seedBytes(data.secretSeed, source));
  } else if (data.privateKey) {
    pair = pairFromPrivateKey(keyring, data, source);
  } else {
    throw new WalletError(
      `${source} holds no secret (secretPhrase, secretSeed or privateKey): it is a public key file, which cannot sign`,
    );
  }
  if (data.ss58Address && data.ss58Address !== pair.address) {
    throw new WalletError(
      `${source}: the secret gives ${pair.address} but the file says ss58Address ${data.ss58Address}`,
    );
  }
  if (data.publicKey && isHex(data.publicKey) && !u8aEq(hexToU8a(data.publicKey), pair.publicKey)) {
    throw new WalletError(
      `${source}: the secret gives public key ${encodeAddress(pair.publicKey, SS58_FORMAT)}, not the file's publicKey`,
    );
  }
  return pair;
}
