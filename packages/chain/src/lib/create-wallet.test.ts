import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  encodeAddress,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';

import { FileSystemError } from '@pixel/files';

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

  it('names the wallet folder and the fix when it cannot be created', async () => {
    const blocker = path.join(walletsDir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const failed = await createWallet({ path: blocker, name: 'miner', hotkey: 'default' }).catch((e) => e);
    expect(failed).toBeInstanceOf(FileSystemError);
    expect(failed.message).toBe(
      `Cannot create the folder ${path.join(blocker, 'miner', 'hotkeys')}: a part of the path is a file, ` +
        'not a folder. Check the path, or move the file that stands where a folder should be, or choose another ' +
        'wallets folder (--wallet.path), and run again.',
    );
  });

  it('names the key file that cannot be written and leaves no temporary file', async () => {
    const wallet = { path: walletsDir, name: 'blocked', hotkey: 'default' };
    const coldkey = path.join(walletsDir, 'blocked', 'coldkey');
    await mkdir(coldkey, { recursive: true });
    const failed = await createWallet(wallet, { overwrite: true }).catch((e) => e);
    expect(failed).toBeInstanceOf(FileSystemError);
    expect(failed.message).toMatch(new RegExp(`^Cannot write ${coldkey}: it is a folder, not a file\\.`));
    expect((await readdir(path.dirname(coldkey))).sort()).toEqual(['coldkey', 'hotkeys']);
  });
});
