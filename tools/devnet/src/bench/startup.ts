// Start-up time of the local chain (chopsticks + subnet + registrations) and of a snapshot revert.
import { performance } from 'node:perf_hooks';

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { SHARED } from '@pixel-tools/test-support';

import { startDevnet } from '../lib/start-devnet.js';

const specPath = SHARED.chainSpec;
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const hotkeys = ['//Charlie_hk', '//Dave_hk'].map((uri) => keyring.addFromUri(uri).address);

const devnet = await startDevnet({ specPath, hotkeys });
const snapshot = await devnet.snapshot();
let at = performance.now();
await devnet.advanceBlocks(101);
const advanceMs = performance.now() - at;
at = performance.now();
await devnet.revert(snapshot);
const revertMs = performance.now() - at;
at = performance.now();
await devnet.stop();
const stopMs = performance.now() - at;

console.table([
  { step: 'start (chopsticks, sudo, subnet, 2 hotkeys)', ms: Math.round(devnet.startupMs) },
  { step: 'advanceBlocks(101)', ms: Math.round(advanceMs) },
  { step: 'revert to snapshot', ms: Math.round(revertMs) },
  { step: 'stop', ms: Math.round(stopMs) },
]);
