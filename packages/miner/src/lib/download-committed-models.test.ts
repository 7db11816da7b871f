// Committed models chosen by uid, by --all-uids and by best, against the real subtensor runtime (chopsticks)
// and the local Hub.
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { RemoteModelRejectedError } from '../errors.js';
import { commitUncheckedModel } from '../test-support/commit-unchecked-model.js';
import { useLocalChainAndHub } from '../test-support/use-local-chain-and-hub.js';
import { writeUnetWithConfig } from '../test-support/write-unet-with-config.js';
import type { CommittedModelsRequest } from '../types/public.js';
import { downloadCommittedModels } from './download-committed-models.js';

describe('downloadCommittedModels', () => {
  // uid 1 commits the tiny UNet first (the best uid on a chain nobody has scored yet), uid 2 then the tiny UNet
  // with a crafted config.json; uid 3 commits nothing.
  const network = useLocalChainAndHub({ registered: ['good', 'crafted', 'idle'] });
  let lines: string[];
  const download = (request: Omit<CommittedModelsRequest, 'downloadDir' | 'config'>) =>
    downloadCommittedModels({
      ...request,
      downloadDir: path.join(network.work, 'models'),
      config: {
        subtensor: network.subtensor,
        netuid: network.devnet.netuid,
        hub: { hubUrl: network.hub.url },
        log: (line) => lines.push(line),
      },
    });
  const uids = ({ models }: { models: { uid: number }[] }) => models.map(({ uid }) => uid);

  beforeEach(() => {
    lines = [];
  });

  it('finds nothing to choose on a subnet where nothing is committed (and says nothing shows it is pixel)', async () => {
    expect(await download({ allUids: true, best: true })).toEqual({ models: [], rejected: [] });
    expect(lines).toEqual([
      expect.stringContaining(
        'has no identity and no commitments, so nothing says it is a pixel competition',
      ),
      `No uid has a model committed on subnet ${network.devnet.netuid}.`,
    ]);
  });

  it('downloads each uid once, in the order asked, verified; a chosen uid validators would reject is listed, a named one fails', async () => {
    const { work, wallets } = network;
    await commitUncheckedModel(network, wallets.good!, {
      folder: path.join(SHARED.tinyPipeline, 'unet'),
      repo: 'miner/good',
    });
    await commitUncheckedModel(network, wallets.crafted!, {
      folder: await writeUnetWithConfig(path.join(work, 'crafted'), { layers_per_block: 1e9 }),
      repo: 'miner/crafted',
    });
    const craftedReason = expect.stringMatching(
      /^uid 2: Invalid UNet config .*"layers_per_block" is 1000000000/,
    ) as string;

    const best = await download({ uids: [1], best: true });
    expect(uids(best)).toEqual([1]);
    expect(best.rejected).toEqual([]);
    expect(best.models[0]).toMatchObject({
      hotkey: wallets.good!.hotkey.address,
      snapshotDir: expect.stringContaining(
        path.join(work, 'models', 'models--miner--good', 'snapshots'),
      ) as string,
      parameterCount: expect.any(Number) as number,
      repoBytes: expect.any(Number) as number,
    });
    expect(lines).toEqual(['uid 1: downloading and verifying its committed model']);

    const all = await download({ allUids: true });
    expect(uids(all)).toEqual([1]);
    expect(all.rejected).toEqual([{ uid: 2, reason: craftedReason }]);

    await expect(download({ uids: [2], allUids: true })).rejects.toBeInstanceOf(RemoteModelRejectedError);
    await expect(download({ uids: [3] })).rejects.toThrow(/^uid 3 \(\w+\) has no model committed on subnet/);
  });
});
