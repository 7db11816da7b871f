// A validator's round on the real subtensor runtime (chopsticks) and the local Hub, with a model validators
// accept, a crafted one a stranger committed, and a copy of the first committed later under another hotkey.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { commitModel } from '@pixel/chain';
import { ModelId } from '@pixel/constraints';
import { commitUncheckedModel, useLocalChainAndHub, writeUnetWithConfig } from '@pixel/miner/test-support';
import { selectBackend } from '@pixel/sdxl-trainer';
import { runValidatorRound } from './run-validator-round.js';

describe('runValidatorRound', () => {
  const network = useLocalChainAndHub({ registered: ['miner', 'crafted', 'copier'] });

  it('scores the models validators accept and skips the others with their reason, setting weights on chain', async () => {
    await selectBackend('cpu', { log: false });
    const { work, wallets, subtensor, devnet, hub } = network;
    const accepted = await commitUncheckedModel(network, wallets.miner!, {
      folder: path.join(SHARED.tinyPipeline, 'unet'),
      repo: 'miner/tiny-unet',
    });
    await commitUncheckedModel(network, wallets.crafted!, {
      folder: await writeUnetWithConfig(path.join(work, 'crafted'), { layers_per_block: 1e9 }),
      repo: 'miner/crafted',
    });
    await commitModel(
      subtensor,
      wallets.copier!.hotkey,
      devnet.netuid,
      ModelId.fromCompressedString(accepted.toCompressedString()),
    );
    const data = path.join(work, 'data');
    await mkdir(data);
    await copyFile(path.join(SHARED.tinyPipeline, 'images/image_0.png'), path.join(data, 'a.png'));
    await writeFile(path.join(data, 'metadata.csv'), 'file_name,text\na.png,"a picture"\n');
    const lines: string[] = [];

    const round = await runValidatorRound({
      subtensor,
      netuid: devnet.netuid,
      hotkey: devnet.accounts.ownerHotkey,
      hubUrl: hub.url,
      dataDir: data,
      pipelineDir: SHARED.tinyPipeline,
      downloadDir: path.join(work, 'validator-models'),
      cacheDir: path.join(work, 'validator-cache'),
      resolution: 32,
      log: (line) => lines.push(line),
    });

    const [miner, crafted, copier] = round.models;
    expect(round.models.map(({ uid }) => uid)).toEqual([1, 2, 3]);
    expect(miner).toMatchObject({
      committed: accepted.toCompressedString(),
      hashOnChain: accepted.hash,
      hashDownloaded: accepted.hash,
      problems: [],
      weightOnChain: 65535,
    });
    expect(miner!.averageLoss).toBeGreaterThan(0);
    expect(crafted!.problems).toEqual([
      expect.stringMatching(/^uid 2: Invalid UNet config .*"layers_per_block" is 1000000000; allowed: /),
    ]);
    expect(copier!.problems).toEqual([`the same hash was committed earlier, at block ${miner!.block}`]);
    for (const skipped of [crafted!, copier!]) {
      expect([skipped.averageLoss, skipped.weight, skipped.weightOnChain]).toEqual([undefined, 0, 0]);
    }
    expect(round.evaluationSamples).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^validator: skipping uid 2: Invalid UNet config/) as string,
    );
  }, 300_000);
});
