import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, sr25519PairFromSeed } from '@polkadot/util-crypto';

import { SHARED } from '../test-support/shared-paths.js';
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
});
