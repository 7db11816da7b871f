import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { UsageError } from '@pixel/constraints';
import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, sr25519PairFromSeed } from '@polkadot/util-crypto';

import { SHARED } from '@pixel-tools/test-support';
import { WalletError } from './errors.js';
import { loadHotkey } from './load-hotkey.js';

describe('loadHotkey', () => {
  let tempDir: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    tempDir = await mkdtemp(path.join(tmpdir(), 'pixel-hotkey-'));
  });
  afterAll(() => rm(tempDir, { recursive: true, force: true }));

  it('loads the vector wallet hotkey (secretSeed only) to the expected sr25519 key', async () => {
    const expected = JSON.parse(await readFile(SHARED.walletExpected, 'utf8')) as { hotkey_seed: string };
    const pair = await loadHotkey({ path: SHARED.walletsDir, name: 'public-wallet', hotkey: 'miner' });
    expect(pair.address).toBe(
      encodeAddress(sr25519PairFromSeed(hexToU8a(expected.hotkey_seed)).publicKey, 42),
    );
    expect(pair.type).toBe('sr25519');
  });

  it('refuses a file that is not a keyfile, and a missing hotkey, clearly', async () => {
    await mkdir(path.join(tempDir, 'w', 'hotkeys'), { recursive: true });
    await writeFile(path.join(tempDir, 'w', 'hotkeys', 'broken'), 'not json');
    await expect(loadHotkey({ path: tempDir, name: 'w', hotkey: 'broken' })).rejects.toThrow(
      'not a Bittensor keyfile',
    );
    await expect(loadHotkey({ path: tempDir, name: 'w', hotkey: 'absent' })).rejects.toThrow(
      '--wallet.hotkey',
    );
  });

  it.each([
    ['a short phrase (polkadot-js would take it as a raw seed)', 'my hotkey words'],
    [
      '12 words with a wrong checksum',
      'bottom drive obey lake curtain smoke basket hold race lonely fit fit',
    ],
    [
      'a mnemonic with a derivation path',
      'bottom drive obey lake curtain smoke basket hold race lonely fit walk//1',
    ],
    ['a hex seed', `0x${'11'.repeat(32)}`],
  ])(
    'refuses a secretPhrase that is not a BIP39 mnemonic, naming the file and the fix: %s',
    async (_, phrase) => {
      await mkdir(path.join(tempDir, 'w', 'hotkeys'), { recursive: true });
      const file = path.join(tempDir, 'w', 'hotkeys', 'bad-phrase');
      await writeFile(file, JSON.stringify({ secretPhrase: phrase }));
      const loading = loadHotkey({ path: tempDir, name: 'w', hotkey: 'bad-phrase' });
      await expect(loading).rejects.toBeInstanceOf(WalletError);
      await expect(loading).rejects.toBeInstanceOf(UsageError);
      await expect(loading).rejects.toThrow(
        `${file}: secretPhrase is not a valid BIP39 mnemonic (12, 15, 18, 21 or 24 English words with a valid ` +
          'checksum), so it is not the key btcli made of it. Restore the key from its mnemonic ' +
          '(`btcli wallet regen-hotkey` or `regen-coldkey`), or choose another with --wallet.name / --wallet.hotkey.',
      );
    },
  );
});
