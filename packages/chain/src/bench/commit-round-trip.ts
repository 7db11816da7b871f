// Commit round trip (commit + inclusion + read-back) and read times against the local chain.
import { performance } from 'node:perf_hooks';

import { ModelId } from '@pixel/constraints';
import { startDevnet } from '@pixel-tools/devnet';
import { SHARED } from '@pixel-tools/test-support';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { commitModel } from '../lib/commit-model.js';
import { connectSubtensor } from '../lib/connect-subtensor.js';
import { getAllModelMetadata } from '../lib/get-all-model-metadata.js';
import { getModelMetadata } from '../lib/get-model-metadata.js';

const ROUNDS = 3;

await cryptoWaitReady();
const hotkey = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//PixelBench_hk');
const devnet = await startDevnet({
  specPath: SHARED.chainSpec,
  hotkeys: [hotkey.address],
});
const subtensor = await connectSubtensor({ endpoint: devnet.endpoint });
const rows: Array<{ step: string; ms: number }> = [
  { step: 'chain start-up (chopsticks, subnet, 1 hotkey)', ms: Math.round(devnet.startupMs) },
];

const time = async (step: string, run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  rows.push({ step, ms: Math.round(performance.now() - started) });
};

try {
  for (let round = 1; round <= ROUNDS; round++) {
    const modelId = new ModelId({
      namespace: 'bench',
      name: `sdxl-${round}`,
      commit: 'c'.repeat(40),
      hash: `${'H'.repeat(43)}=`,
      competitionId: 'm6',
    });
    await time(`commit round trip #${round}`, () => commitModel(subtensor, hotkey, devnet.netuid, modelId));
    await devnet.advanceBlocks(100); // past the 100-block commitment rate limit
  }
  await time('getModelMetadata', () => getModelMetadata(subtensor, devnet.netuid, hotkey.address));
  await time('getAllModelMetadata', () => getAllModelMetadata(subtensor, devnet.netuid));
} finally {
  await subtensor.disconnect();
  await devnet.stop();
}
console.table(rows);
