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
import { downloadModel, listRevisionFiles, RepoNotFoundError, setRepoVisibility } from '@pixel/hub';
import { readSafetensorsHeader, SafetensorsNonFiniteError, selectBackend } from '@pixel/sdxl-trainer';
import {
  CommitFailedError,
  PublishFailedError,
  RemoteModelRejectedError,
  UploadCheckError,
} from '../errors.js';
import { SHARED } from '@pixel-tools/test-support';
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
    // Each model gets its own repo: the name given plus 8 hex digits of the model's content hash.
    expect(result.repo).toMatch(/^miner\/sdxl-tiny-[0-9a-f]{8}$/);
    expect(result.steps).toEqual(['upload', 'commit', 'publish']);
    expect(result.committed).toBe(`${result.repo.replace('/', ':')}:${result.commit}:${result.hash}:m6`);

    // As a validator: anonymous download of the committed revision, hashed.
    const validatorView = await downloadModel({
      repo: result.repo,
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
    const contentHex = Buffer.from(await hashDirectory(saved), 'base64').toString('hex');
    expect(result.repo).toBe(`miner/sdxl-tiny-${contentHex.slice(0, 8)}`);
  });

  it('plans a push without publishing anything: the repo it would go to and the steps', async () => {
    const plan = await Actions.create(config, wallet).planPush(SHARED.tinyPipeline, {
      repo: 'miner/sdxl-plan',
    });
    expect(plan.repo).toMatch(/^miner\/sdxl-plan-[0-9a-f]{8}$/);
    expect(plan.steps).toEqual(['upload', 'commit', 'publish']);
    expect(plan.uploadBytes).toBeGreaterThan(0);
    await expect(
      listRevisionFiles({ repo: plan.repo, hubUrl: hub.url, accessToken: network.hubToken }),
    ).rejects.toBeInstanceOf(RepoNotFoundError);
    expect(await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address)).toBeUndefined();
    // The push goes exactly there.
    expect(
      (await Actions.create(config, wallet).push(SHARED.tinyPipeline, { repo: 'miner/sdxl-plan' })).repo,
    ).toBe(plan.repo);
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
    // The dry run converts the model as the push does, so it refuses the same.
    const plan = Actions.create(config, wallet).planPush(diverged, { repo: 'miner/sdxl-diverged' });
    await expect(plan).rejects.toBeInstanceOf(SafetensorsNonFiniteError);
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
      repoSuffix: '',
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
    expect(onChain?.modelId.repoId).toBe(second.repo);
    expect(onChain?.block).toBe(second.block);
    await expect(listRevisionFiles({ repo: second.repo, hubUrl: hub.url })).resolves.toMatchObject({
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
    const failed = (await actions
      .push(SHARED.tinyPipeline, { repo: 'miner/sdxl-two' })
      .catch((error: Error) => error)) as CommitFailedError;
    expect(failed).toBeInstanceOf(CommitFailedError);
    expect(failed.message).toMatch(/after 2 attempts: .*Retry at block.*stays private.*push again/s);
    await expect(listRevisionFiles({ repo: failed.repo, hubUrl: hub.url })).rejects.toBeInstanceOf(
      RepoNotFoundError,
    );
    // The owner still sees it.
    await expect(
      listRevisionFiles({ repo: failed.repo, hubUrl: hub.url, accessToken: network.hubToken }),
    ).resolves.toBeDefined();
  });

  it('pushes a second model while the first is committed and public: the new weights are never downloadable before their commitment, the committed ones stay downloadable, and pushing again resumes', async () => {
    const first = await Actions.create(config, wallet).push(SHARED.tinyPipeline, { repo: 'miner/sdxl-live' });
    const retrained = await writeUnetVariant(
      path.join(SHARED.tinyPipeline, 'unet'),
      path.join(work, 'retrained'),
      (name, values) => {
        if (name === 'conv_out.bias') values[0] = values[0]! + 0.25;
      },
    );
    // The chain's rate limit (one commitment per epoch) refuses the commitment; one attempt only.
    const limited = Actions.create({ ...config, commitRetry: { attempts: 1 } }, wallet);
    const failed = (await limited
      .push(retrained, { repo: 'miner/sdxl-live' })
      .catch((error: Error) => error)) as CommitFailedError;
    expect(failed).toBeInstanceOf(CommitFailedError);

    // The new weights went to a repo of their own, which anonymous readers cannot see.
    expect(failed.repo).toMatch(/^miner\/sdxl-live-[0-9a-f]{8}$/);
    expect(failed.repo).not.toBe(first.repo);
    await expect(listRevisionFiles({ repo: failed.repo, hubUrl: hub.url })).rejects.toBeInstanceOf(
      RepoNotFoundError,
    );
    // The committed model did not move and validators still download it.
    const onChain = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);
    expect(onChain?.modelId.toCompressedString()).toBe(first.committed);
    const validatorView = await downloadModel({
      repo: first.repo,
      revision: first.commit,
      cacheDir: path.join(work, 'validator-live'),
      hubUrl: hub.url,
    });
    expect(validatorView.hash).toBe(first.hash);
    expect((await listRevisionFiles({ repo: first.repo, hubUrl: hub.url })).commit).toBe(first.commit);

    // Past the rate limit the same push resumes: nothing uploaded again, the uploaded revision committed, then public.
    await devnet.advanceBlocks(100);
    const resumed = await Actions.create(config, wallet).push(retrained, { repo: 'miner/sdxl-live' });
    expect(resumed).toMatchObject({ repo: failed.repo, commit: failed.commit, steps: ['commit', 'publish'] });
    await expect(listRevisionFiles({ repo: failed.repo, hubUrl: hub.url })).resolves.toMatchObject({
      commit: failed.commit,
    });
    const committed = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);
    expect(committed?.modelId.toCompressedString()).toBe(resumed.committed);

    // Once done, pushing it again changes nothing.
    const again = await Actions.create(config, wallet).push(retrained, { repo: 'miner/sdxl-live' });
    expect(again).toMatchObject({
      repo: resumed.repo,
      commit: resumed.commit,
      block: resumed.block,
      steps: [],
    });
  });

  it('publishes on the next push when making the repo public failed after the commitment', async () => {
    const hold = hub.holdRequests({
      method: 'PUT',
      path: /^\/api\/models\/miner\/sdxl-late-[0-9a-f]{8}\/settings$/,
    });
    const pushing = Actions.create(config, wallet)
      .push(SHARED.tinyPipeline, { repo: 'miner/sdxl-late' })
      .catch((error: Error) => error);
    await hold.arrived;
    hold.drop();
    const failed = (await pushing) as Error;
    expect(failed).toBeInstanceOf(PublishFailedError);
    expect(failed.message).toMatch(
      /committed on chain at block \d+, but making miner\/sdxl-late-[0-9a-f]{8} public failed.*Run the same push again/s,
    );
    const onChain = await getModelMetadata(subtensor, devnet.netuid, wallet.hotkey.address);

    // No new commitment (the rate limit would refuse it anyway): only the publication is left.
    const resumed = await Actions.create(config, wallet).push(SHARED.tinyPipeline, {
      repo: 'miner/sdxl-late',
    });
    expect(resumed.steps).toEqual(['publish']);
    expect(resumed.committed).toBe(onChain?.modelId.toCompressedString());
    expect(resumed.block).toBe(onChain?.block);
    await expect(listRevisionFiles({ repo: resumed.repo, hubUrl: hub.url })).resolves.toMatchObject({
      commit: resumed.commit,
    });
  });

  it('refuses, before uploading, an exact repo that is public and holds other weights', async () => {
    const credentials = { accessToken: network.hubToken, hubUrl: hub.url };
    const first = await Actions.create(config, wallet).push(SHARED.tinyPipeline, {
      repo: 'miner/sdxl-fixed',
      repoSuffix: '',
    });
    expect(first.repo).toBe('miner/sdxl-fixed');
    await setRepoVisibility({ ...credentials, repo: first.repo, visibility: 'public' });
    const retrained = await writeUnetVariant(
      path.join(SHARED.tinyPipeline, 'unet'),
      path.join(work, 'retrained-fixed'),
      (name, values) => {
        if (name === 'conv_out.bias') values[0] = values[0]! - 0.25;
      },
    );
    const refused = (await Actions.create(config, wallet)
      .push(retrained, { repo: 'miner/sdxl-fixed', repoSuffix: '' })
      .catch((error: Error) => error)) as Error;
    expect(refused).toBeInstanceOf(UploadCheckError);
    expect(refused.message).toMatch(/miner\/sdxl-fixed is public and holds other weights/);
    expect((await listRevisionFiles({ repo: first.repo, hubUrl: hub.url })).commit).toBe(first.commit);
  });
});
