import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';

import { createWallet } from './create-wallet.js';
import { keypairFromKeyfileData } from './keypair-from-keyfile-data.js';
import { loadColdkey } from './load-coldkey.js';
import { loadHotkey } from './load-hotkey.js';

describe('createWallet', () => {
  let walletsDir: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    walletsDir = await mkdtemp(path.join(tmpdir(), 'pixel-wallets-'));
  });
  afterAll(() => rm(walletsDir, { recursive: true, force: true }));

  it('writes the SDK layout with mode 0600 and an encrypted coldkey that loads back', async () => {
    const wallet = { path: walletsDir, name: 'miner', hotkey: 'default' };
    const created = await createWallet(wallet, { coldkeyPassword: 'pixel test password' });

    for (const file of Object.values(created.files)) expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(created.files.coldkey)).subarray(0, 5).toString()).toBe('$NACL');

    const hotkeyFile = JSON.parse(await readFile(created.files.hotkey, 'utf8'));
    expect(Object.keys(hotkeyFile).sort()).toEqual([
      'accountId',
      'privateKey',
      'publicKey',
      'secretPhrase',
      'secretSeed',
      'ss58Address',
    ]);
    expect(hotkeyFile.secretSeed).toBe(u8aToHex(mnemonicToMiniSecret(created.hotkeyMnemonic)));
    expect(JSON.parse(await readFile(created.files.coldkeyPub, 'utf8'))).toEqual({
      accountId: u8aToHex(created.coldkey.publicKey),
      publicKey: u8aToHex(created.coldkey.publicKey),
      ss58Address: created.coldkey.address,
    });

    expect((await loadHotkey(wallet)).address).toBe(created.hotkey.address);
    const prompted: string[] = [];
    const coldkey = await loadColdkey(wallet, {
      password: async () => {
        prompted.push('asked');
        return 'pixel test password';
      },
    });
    expect(prompted).toEqual(['asked']);
    expect(coldkey.address).toBe(created.coldkey.address);
  });

  it('writes a privateKey that btwallet (and our loader) reads without seed or phrase', async () => {
    const wallet = { path: walletsDir, name: 'restored', hotkey: 'hk' };
    const mnemonic = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
    const created = await createWallet(wallet, { coldkeyMnemonic: mnemonic, hotkeyMnemonic: mnemonic });
    expect(created.hotkey.address).toBe(
      encodeAddress(sr25519PairFromSeed(mnemonicToMiniSecret(mnemonic)).publicKey, 42),
    );
    const { privateKey, publicKey, ss58Address } = JSON.parse(await readFile(created.files.hotkey, 'utf8'));
    expect((await keypairFromKeyfileData({ privateKey, publicKey, ss58Address })).address).toBe(
      created.hotkey.address,
    );
  });

  it('never overwrites an existing wallet unless asked', async () => {
    const wallet = { path: walletsDir, name: 'restored', hotkey: 'hk' };
    await expect(createWallet(wallet)).rejects.toThrow('already exists; pass overwrite: true');
  });
});
