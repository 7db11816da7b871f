// Every kind of model reference against the real subtensor runtime (chopsticks) and the local Hub: one chain
// and one Hub for the file, the tests in order (nothing is committed before the last two).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { getModelMetadata } from '@pixel/chain';
import { PixelError, UsageError } from '@pixel/constraints';
import { downloadPipelineParts, uploadModel } from '@pixel/hub';
import { RemoteModelRejectedError } from '../errors.js';
import { commitUncheckedModel } from '../test-support/commit-unchecked-model.js';
import { useLocalChainAndHub } from '../test-support/use-local-chain-and-hub.js';
import { writeUnetWithConfig } from '../test-support/write-unet-with-config.js';
import type { ResolveModelOptions } from '../types/public.js';
import { resolveModel } from './resolve-model.js';

describe('resolveModel', () => {
  // uid 1 commits the tiny UNet, uid 2 (first, so the best uid on a chain nobody has scored yet) the tiny UNet
  // with a crafted config.json.
  const network = useLocalChainAndHub({ registered: ['miner', 'crafted'] });
  let lines: string[];
  let cacheDir: string;
  const options = (): ResolveModelOptions => ({
    cwd: network.work,
    cacheDir,
    hub: { accessToken: network.hubToken, hubUrl: network.hub.url },
    chain: { subtensor: network.subtensor, netuid: network.devnet.netuid },
    log: (line) => lines.push(line),
  });

  beforeEach(() => {
    lines = [];
    cacheDir = path.join(network.work, 'cache');
  });

  it('takes a folder as it is, downloading nothing', async () => {
    const unet = path.join(SHARED.tinyPipeline, 'unet');
    expect(await resolveModel(unet, options())).toEqual({
      folder: unet,
      location: { kind: 'folder', folder: unet },
    });
    expect(lines).toEqual([]);
  });

  it('downloads a Hub id (at its revision) into cacheDir: the whole repo, or what `download` fetches', async () => {
    const credentials = { accessToken: network.hubToken, hubUrl: network.hub.url };
    const unet = path.join(SHARED.tinyPipeline, 'unet');
    const { commit } = await uploadModel({ ...credentials, repo: 'miner/tiny-unet', folder: unet });
    const resolved = await resolveModel(`miner/tiny-unet@${commit}`, options());
    expect(resolved).toEqual({
      folder: path.join(cacheDir, 'models--miner--tiny-unet', 'snapshots', commit),
      location: { kind: 'hub', repo: 'miner/tiny-unet', revision: commit },
    });
    expect(await readdir(resolved.folder)).toEqual(
      expect.arrayContaining(['config.json', 'diffusion_pytorch_model.safetensors']),
    );
    expect(lines).toEqual([`Downloading miner/tiny-unet@${commit} into ${cacheDir}`]);

    // A pipeline: only the parts the trainer reads (not the fixture's images/).
    await uploadModel({ ...credentials, repo: 'miner/tiny-sdxl', folder: SHARED.tinyPipeline });
    const pipeline = await resolveModel('miner/tiny-sdxl', {
      ...options(),
      committed: false,
      download: downloadPipelineParts,
    });
    expect(await readdir(pipeline.folder)).toEqual(expect.arrayContaining(['unet', 'vae', 'scheduler']));
    expect(await readdir(pipeline.folder)).not.toContain('images');
  });

  it('refuses a malformed reference naming the flag, and a committed model without a chain', async () => {
    const malformed = resolveModel('uid:x', { ...options(), flag: '--model' });
    await expect(malformed).rejects.toBeInstanceOf(UsageError);
    await expect(malformed).rejects.toThrow('--model uid:x: a uid is written uid:<number>, e.g. uid:12.');
    await expect(resolveModel('nobody/nothing@a..b', options())).rejects.toBeInstanceOf(UsageError);
    const chainless = resolveModel('best', { ...options(), chain: undefined });
    await expect(chainless).rejects.toBeInstanceOf(PixelError);
    await expect(chainless).rejects.toThrow('best: a committed model is read from the chain');
  });

  it('says a subnet where nothing is committed has no best model', async () => {
    const none = resolveModel('best', { ...options(), flag: '--unet' });
    await expect(none).rejects.toBeInstanceOf(PixelError);
    await expect(none).rejects.toThrow(
      `--unet best: subnet ${network.devnet.netuid} has no model committed, so there is no best model to start from.`,
    );
  });

  it("downloads and verifies uid:<n>'s committed revision; a best uid whose model validators reject is refused with why", async () => {
    const { work, wallets, subtensor, devnet } = network;
    await commitUncheckedModel(network, wallets.crafted!, {
      folder: await writeUnetWithConfig(path.join(work, 'crafted'), { layers_per_block: 1e9 }),
      repo: 'miner/crafted',
    });
    const modelId = await commitUncheckedModel(network, wallets.miner!, {
      folder: path.join(SHARED.tinyPipeline, 'unet'),
      repo: 'miner/committed',
    });

    const resolved = await resolveModel('uid:1', options());
    const snapshot = path.join(cacheDir, 'models--miner--committed', 'snapshots', modelId.commit!);
    expect(resolved.folder).toBe(snapshot);
    expect(resolved.location).toEqual({ kind: 'committed', uid: 1 });
    expect(resolved.committed).toMatchObject({
      uid: 1,
      hotkey: wallets.miner!.hotkey.address,
      metadata: await getModelMetadata(subtensor, devnet.netuid, wallets.miner!.hotkey.address),
      snapshotDir: snapshot,
    });
    expect(lines).toContain('uid 1: downloading and verifying its committed model');

    // uid 2 committed first: the best on a chain nobody has scored yet; its config is refused by field.
    const best = resolveModel('best', { ...options(), flag: '--unet' });
    await expect(best).rejects.toBeInstanceOf(RemoteModelRejectedError);
    await expect(best).rejects.toThrow(
      /^--unet best: the best uid's model fails the validators' checks, so it is no model to build on: uid 2: Invalid UNet config .*"layers_per_block" is 1000000000/,
    );
    await expect(resolveModel('uid:2', options())).rejects.toThrow(/^uid 2: Invalid UNet config/);
    await expect(resolveModel('uid:0', options())).rejects.toThrow(/^uid 0 \(\w+\) has no model committed/);
  });
});
