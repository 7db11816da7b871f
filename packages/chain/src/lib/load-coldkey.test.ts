import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, sr25519PairFromSeed } from '@polkadot/util-crypto';

import { SHARED } from '@pixel-tools/test-support';
import { WalletError } from './errors.js';
import { keyfilePasswordEnvEntry } from './keyfile-password-env-entry.js';
import { loadColdkey } from './load-coldkey.js';

interface Expected {
  password: string;
  coldkey_seed: string;
}

describe('loadColdkey', () => {
  let expected: Expected;
  let tempDir: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    expected = JSON.parse(await readFile(SHARED.walletExpected, 'utf8')) as Expected;
    tempDir = await mkdtemp(path.join(tmpdir(), 'pixel-coldkey-'));
  });
  afterAll(() => rm(tempDir, { recursive: true, force: true }));

  const wallet = { path: SHARED.walletsDir, name: 'public-wallet', hotkey: 'miner' };

  // Argon2i with 512 MiB takes seconds: the vector is decrypted once, with the password from btcli's env variable.
  it('decrypts the vector $NACL coldkey with the password from BT_PW_<path>', async () => {
    const [name, value] = keyfilePasswordEnvEntry(
      `${SHARED.walletsDir}/public-wallet/coldkey`,
      expected.password,
    );
    const pair = await loadColdkey(wallet, { env: { [name]: value } });
    expect(pair.address).toBe(
      encodeAddress(sr25519PairFromSeed(hexToU8a(expected.coldkey_seed)).publicKey, 42),
    );
  });

  it('says what BT_PW_<path> must hold when it does not decrypt the key (the password in clear, say)', async () => {
    const file = `${SHARED.walletsDir}/public-wallet/coldkey`;
    const [name] = keyfilePasswordEnvEntry(file, expected.password);
    const loading = loadColdkey(wallet, { env: { [name]: expected.password } });
    await expect(loading).rejects.toBeInstanceOf(WalletError);
    await expect(loading).rejects.toThrow(
      `${name} does not decrypt ${file}: the variable must hold btcli's encoded form of the password ` +
        "(base64 of the password XOR'd with the variable's name, what btwallet's Keyfile.save_password_to_env " +
        'sets and returns; keyfilePasswordEnvEntry in @pixel/chain computes it), not the password itself. ' +
        'Set it to that form, or unset it and give the password another way (the password option or promptPassword).',
    );
  });

  it('asks for a password when none is given, naming the env variable', async () => {
    await expect(loadColdkey(wallet, { env: {} })).rejects.toThrow(/is encrypted: .*BT_PW_/);
  });

  it('refuses legacy Ansible Vault and Fernet coldkeys with a clear message', async () => {
    const legacy = { path: tempDir, name: 'legacy', hotkey: 'default' };
    await cp(`${SHARED.walletsDir}/public-wallet`, path.join(tempDir, 'legacy'), { recursive: true });
    await writeFile(path.join(tempDir, 'legacy', 'coldkey'), '$ANSIBLE_VAULT;1.1;AES256\n6162');
    await expect(loadColdkey(legacy, { password: 'x' })).rejects.toThrow(
      'legacy encryption (ansible-vault) that is not supported',
    );
    await writeFile(path.join(tempDir, 'legacy', 'coldkey'), 'gAAAAABkZXZ');
    await expect(loadColdkey(legacy, { password: 'x' })).rejects.toThrow('legacy encryption (fernet)');
  });

  it('says which file is missing and which flags to check', async () => {
    await expect(loadColdkey({ path: tempDir, name: 'nobody', hotkey: 'default' })).rejects.toThrow(
      /No keyfile at .*nobody\/coldkey.*--wallet\.path/,
    );
  });
});
