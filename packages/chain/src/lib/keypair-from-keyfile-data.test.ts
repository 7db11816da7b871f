import { readFile } from 'node:fs/promises';

import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  decodeAddress,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
  sr25519Verify,
} from '@polkadot/util-crypto';

import { SHARED } from '@pixel-tools/test-support';
import { keypairFromKeyfileData } from './keypair-from-keyfile-data.js';

const ALICE_ADDRESS = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
/** `subkey inspect //Alice`: the secret seed of the dev key (a hard derivation, so btwallet writes no seed for it). */
const ALICE_SEED = '0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a';
const MNEMONIC = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/** What btwallet writes as privateKey: schnorrkel's canonical scalar = polkadot-js's scalar / 8, nonce unchanged. */
function btwalletPrivateKey(ed25519Form: Uint8Array): string {
  let scalar = 0n;
  for (let i = 31; i >= 0; i--) scalar = (scalar << 8n) | BigInt(ed25519Form[i] ?? 0);
  const canonical = scalar / 8n;
  const bytes = new Uint8Array(64);
  for (let i = 0; i < 32; i++) bytes[i] = Number((canonical >> BigInt(8 * i)) & 0xffn);
  bytes.set(ed25519Form.subarray(32), 32);
  return u8aToHex(bytes);
}

beforeAll(cryptoWaitReady);

describe('keypairFromKeyfileData', () => {
  it('loads the vector hotkey from its secretSeed', async () => {
    const expected = JSON.parse(await readFile(SHARED.walletExpected, 'utf8')) as { hotkey_seed: string };
    const keyfile = JSON.parse(await readFile(`${SHARED.walletsDir}/public-wallet/hotkeys/miner`, 'utf8'));
    const pair = await keypairFromKeyfileData(keyfile);
    expect(u8aToHex(pair.publicKey)).toBe(
      u8aToHex(sr25519PairFromSeed(hexToU8a(expected.hotkey_seed)).publicKey),
    );
  });

  it('prefers secretPhrase, as btwallet does, and checks ss58Address', async () => {
    const fromPhrase = await keypairFromKeyfileData({
      secretPhrase: MNEMONIC,
      secretSeed: `0x${'11'.repeat(32)}`,
    });
    expect(u8aToHex(fromPhrase.publicKey)).toBe(
      u8aToHex(sr25519PairFromSeed(mnemonicToMiniSecret(MNEMONIC)).publicKey),
    );
    await expect(
      keypairFromKeyfileData({ secretPhrase: MNEMONIC, ss58Address: ALICE_ADDRESS }, 'hk'),
    ).rejects.toThrow(`but the file says ss58Address ${ALICE_ADDRESS}`);
  });

  it('converts a URI-made (privateKey-only) btwallet keyfile, e.g. //Alice', async () => {
    const alice = sr25519PairFromSeed(hexToU8a(ALICE_SEED));
    expect(u8aToHex(alice.publicKey)).toBe(
      u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri('//Alice').publicKey),
    );
    const keyfile = {
      accountId: u8aToHex(alice.publicKey),
      publicKey: u8aToHex(alice.publicKey),
      privateKey: btwalletPrivateKey(alice.secretKey),
      ss58Address: ALICE_ADDRESS,
    };
    const pair = await keypairFromKeyfileData(keyfile);
    expect(pair.address).toBe(ALICE_ADDRESS);
    const message = new TextEncoder().encode('commit');
    expect(sr25519Verify(message, pair.sign(message), decodeAddress(ALICE_ADDRESS))).toBe(true);
  });

  it('refuses a privateKey that does not belong to the publicKey, and files without a secret', async () => {
    const alice = sr25519PairFromSeed(hexToU8a(ALICE_SEED));
    const other = sr25519PairFromSeed(new Uint8Array(32).fill(7));
    await expect(
      keypairFromKeyfileData(
        { publicKey: u8aToHex(alice.publicKey), privateKey: btwalletPrivateKey(other.secretKey) },
        'hk',
      ),
    ).rejects.toThrow('privateKey does not belong to publicKey');
    await expect(keypairFromKeyfileData({ ss58Address: ALICE_ADDRESS }, 'coldkeypub.txt')).rejects.toThrow(
      'holds no secret',
    );
  });
});
