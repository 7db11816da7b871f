// The miner's actions against the real subtensor runtime (chopsticks) and the local Hub: one chain and
// one Hub for the file, the chain reverted to a snapshot after each test.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Devnet } from '@pixel-tools/devnet';
import type { LocalHub } from '@pixel-tools/local-hub';
import {
  commitModel,
  getCurrentBlock,
  getMetagraph,
  getModelMetadata,
  RateLimitError,
  type CreatedWallet,
  type Subtensor,
} from '@pixel/chain';
import { hashDirectory, ModelId } from '@pixel/constraints';
import { downloadModel, listRevisionFiles, RepoNotFoundError } from '@pixel/hub';
import { readSafetensorsHeader, SafetensorsNonFiniteError, selectBackend } from '@pixel/sdxl-trainer';
import { CommitFailedError, RemoteModelRejectedError } from '../errors.js';
import { SHARED } from '../test-support/shared-paths.js';
import { useLocalChainAndHub } from '../test-support/use-local-chain-and-hub.js';
import { writeUnetVariant } from '../test-support/write-unet-variant.js';
import type { MinerConfig } from '../types/public.js';
import { Actions } from './actions.js';
import { loadLocalModel } from './load-local-model.js';
import { waitForRetry } from './wait-for-retry.js';

describe('Actions on a local chain and a local Hub', () => {
  const network = useLocalChainAndHub({ registered: ['miner', 'other'] });
  let devnet: Devnet;
  let hub: LocalHub;
  let subtensor: Subtensor;
  let work: string;
  let wallet: CreatedWallet;
  let other: CreatedWallet;
  let snapshot: string;
  let config: MinerConfig;

  /** Lets the rate limit pass by building the block it names, instead of waiting for it. */
  const advancePastRateLimit = async (error: Error) => {
    if (!(error instanceof RateLimitError) || error.retryAtBlock === undefined) throw error;
    await devnet.advanceBlocks(error.retryAtBlock - 1 - (await getCurrentBlock(subtensor)));
  };

  beforeAll(async () => {
    selectBackend('cpu', { log: false });
    ({ devnet, hub, subtensor, work } = network);
    [wallet, other] = [network.wallets.miner!, network.wallets.other!];
    config = { subtensor, netuid: devnet.netuid, hub: { accessToken: network.hubToken, hubUrl: hub.url } };
    snapshot = await devnet.snapshot();
  });

  afterEach(async () => {
    await devnet.revert(snapshot);
  });

  it('pushes a pipeline folder: bf16 upload, chain hash = hash of the downloaded revision, public at the end', async () => {
    const actions = Actions.create(config, wallet);
    const result = await actions.push(SHARED.tinyPipeline, { repo: 'miner/sdxl-tiny', competitionId: 'm6' });

    const onChain = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);
    expect(onChain?.modelId.toCompressedString()).toBe(result.committed);
    expect(onChain?.block).toBe(result.block);
    expect(result.committed).toBe(`miner:sdxl-tiny:${result.commit}:${result.hash}:m6`);

    // As a validator: anonymous download of the committed revision, hashed.
    const validatorView = await downloadModel({
      repo: 'miner/sdxl-tiny',
      revision: result.commit,
      cacheDir: path.join(work, 'validator'),
      hubUrl: hub.url,
    });
    expect(await hashDirectory(validatorView.snapshotDir)).toBe(onChain?.modelId.hash);
    expect(validatorView.files.map((f) => f.path)).toEqual([
      '.gitattributes',
      'config.json',
      'diffusion_pytorch_model.safetensors',
    ]);
    const header = await readSafetensorsHeader(
      path.join(validatorView.snapshotDir, 'diffusion_pytorch_model.safetensors'),
    );
    const dtypes = new Set(Object.values(header.tensors).map((tensor) => tensor.dtype));
    expect([...dtypes]).toEqual(['BF16']);

    // The folder was converted tensor by tensor; the bytes are those loading it and saving it would upload.
    const loaded = await loadLocalModel(SHARED.tinyPipeline);
    const saved = path.join(work, 'saved-bf16');
    await loaded.savePretrained(saved, { dtype: 'bfloat16' });
    loaded.dispose();
    for (const file of ['config.json', 'diffusion_pytorch_model.safetensors']) {
      const uploaded = await readFile(path.join(validatorView.snapshotDir, file));
      expect(uploaded.equals(await readFile(path.join(saved, file)))).toBe(true);
    }
  });

  it("loads another miner's model verified, and the best uid's model as a starting point", async () => {
    const pushed = await Actions.create(config, wallet).push(path.join(SHARED.tinyPipeline, 'unet'), {
      repo: 'miner/sdxl-best',
      dtype: 'float16',
    });
    const reader = Actions.create(config, other);
    const metagraph = await getMetagraph(subtensor, devnet.netuid);
    const uid = metagraph.hotkeys.indexOf(wallet.hotkey.address);
    const remote = await reader.loadRemoteModel(uid, metagraph, path.join(work, 'remote'));
    const local = await reader.loadLocalModel(SHARED.tinyPipeline);
    expect(remote.metadata.modelId.commit).toBe(pushed.commit);
    expect(remote.unet.parameterCount()).toBe(local.parameterCount());
    remote.unet.dispose();
    local.dispose();

    const best = await reader.loadBestModel(path.join(work, 'best'));
    expect(best?.uid).toBe(uid);
    best?.unet.dispose();

    await expect(
      reader.loadRemoteModel(metagraph.hotkeys.indexOf(other.hotkey.address), metagraph, work),
    ).rejects.toThrow(/has no model committed/);
  });

  it('refuses a folder with NaN weights by name before anything reaches the Hub', async () => {
    const diverged = await writeUnetVariant(
      path.join(SHARED.tinyPipeline, 'unet'),
      path.join(work, 'diverged'),
      (name, values) => {
        if (name === 'conv_out.bias') values[0] = Number.NaN;
      },
    );
    const push = Actions.create(config, wallet).push(diverged, { repo: 'miner/sdxl-diverged' });
    await expect(push).rejects.toBeInstanceOf(SafetensorsNonFiniteError);
    await expect(push).rejects.toThrow('conv_out.bias (1 values)');
    await expect(
      listRevisionFiles({ repo: 'miner/sdxl-diverged', hubUrl: hub.url, accessToken: network.hubToken }),
    ).rejects.toBeInstanceOf(RepoNotFoundError);
  });

  it('refuses a model whose files do not hash to the committed hash', async () => {
    const pushed = await Actions.create(config, wallet).push(SHARED.tinyPipeline, {
      repo: 'miner/sdxl-copy',
    });
    await devnet.advanceBlocks(100);
    // Another hotkey claims the same revision with a forged hash.
    await commitModel(
      subtensor,
      other.hotkey,
      devnet.netuid,
      new ModelId({
        namespace: 'miner',
        name: 'sdxl-copy',
        commit: pushed.commit,
        hash: `${'Z'.repeat(43)}=`,
        competitionId: 'm6',
      }),
    );
    const metagraph = await getMetagraph(subtensor, devnet.netuid);
    const load = Actions.create(config, wallet).loadRemoteModel(
      metagraph.hotkeys.indexOf(other.hotkey.address),
      metagraph,
      path.join(work, 'forged'),
    );
    await expect(load).rejects.toBeInstanceOf(RemoteModelRejectedError);
    await expect(load).rejects.toThrow(/but the chain says Z{43}=/);
  });

  it('retries the commitment across the rate limit, then publishes', async () => {
    const lines: string[] = [];
    const actions = Actions.create(
      {
        ...config,
        commitRetry: { attempts: 3, wait: advancePastRateLimit },
        log: (line) => lines.push(line),
      },
      wallet,
    );
    await actions.push(SHARED.tinyPipeline, { repo: 'miner/sdxl-first' });
    const second = await actions.push(SHARED.tinyPipeline, { repo: 'miner/sdxl-second' });
    expect(lines.some((line) => line.startsWith('Commit attempt 1 of 3 refused'))).toBe(true);
    const onChain = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);
    expect(onChain?.modelId.repoId).toBe('miner/sdxl-second');
    expect(onChain?.block).toBe(second.block);
    await expect(listRevisionFiles({ repo: 'miner/sdxl-second', hubUrl: hub.url })).resolves.toMatchObject({
      commit: second.commit,
    });
  });

  it('waits for the block a rate limit names (already reached: no wait)', async () => {
    const head = await getCurrentBlock(subtensor);
    await waitForRetry(
      subtensor,
      new RateLimitError('limited', 'commitments.CommitmentSetRateLimitExceeded', head),
    );
    expect(await getCurrentBlock(subtensor)).toBe(head);
  });

  it('leaves the repo private when the commitment finally fails, and says how to resume', async () => {
    const actions = Actions.create(
      { ...config, commitRetry: { attempts: 2, wait: async () => undefined } },
      wallet,
    );
    await actions.push(SHARED.tinyPipeline, { repo: 'miner/sdxl-one' });
    const failed = actions.push(SHARED.tinyPipeline, { repo: 'miner/sdxl-two' });
    await expect(failed).rejects.toBeInstanceOf(CommitFailedError);
    await expect(failed).rejects.toThrow(
      /after 2 attempts: .*Retry at block.*left private.*push again to resume/s,
    );
    await expect(listRevisionFiles({ repo: 'miner/sdxl-two', hubUrl: hub.url })).rejects.toBeInstanceOf(
      RepoNotFoundError,
    );
    // The owner still sees it.
    await expect(
      listRevisionFiles({ repo: 'miner/sdxl-two', hubUrl: hub.url, accessToken: network.hubToken }),
    ).resolves.toBeDefined();
  });
});
