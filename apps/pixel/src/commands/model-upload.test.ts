// `pixel model upload` through the real CLI against a local chain (chopsticks) and the local Hub.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevnet, type Devnet } from '@pixel-tools/devnet';
import { startLocalHub } from '@pixel-tools/local-hub';
import { connectSubtensor, createWallet, getModelMetadata, type Subtensor } from '@pixel/chain';
import { downloadModel, listRevisionFiles, RepoNotFoundError } from '@pixel/hub';
import { writeOversizedUnet } from '@pixel/miner/test-support';
import { runPixel } from '../test-support/run-pixel.js';

const SHARED = process.env.PIXEL_SHARED_DIR!;
const PIPELINE = path.join(SHARED, 'fixtures/tiny-sdxl-pipe');
const TOKEN = 'hf_local_miner';
/** Chain start-up and blocks take seconds on 2 shared cores. */
const SLOW = 180_000;

describe('pixel model upload', () => {
  let devnet: Devnet;
  let hub: { url: string; stop: () => Promise<void> };
  let subtensor: Subtensor;
  let work: string;
  let minerHotkey: string;
  let snapshot: string;

  const upload = (args: string[], env: NodeJS.ProcessEnv = { HF_ACCESS_TOKEN: TOKEN }) =>
    runPixel(
      [
        'model',
        'upload',
        '--wallet.path',
        path.join(work, 'wallets'),
        '--wallet.name',
        'miner',
        '--wallet.hotkey',
        'default',
        '--subtensor.chain_endpoint',
        devnet.endpoint,
        '--netuid',
        String(devnet.netuid),
        '--hub-url',
        hub.url,
        ...args,
      ],
      { env },
    );

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pixel-upload-'));
    const wallets = path.join(work, 'wallets');
    minerHotkey = (await createWallet({ path: wallets, name: 'miner', hotkey: 'default' })).hotkey.address;
    // Created but never registered.
    await createWallet({ path: wallets, name: 'stranger', hotkey: 'default' });
    devnet = await startDevnet({
      specPath: path.join(SHARED, 'chain/subtensor-runtime-spec218.json'),
      hotkeys: [minerHotkey],
    });
    hub = await startLocalHub({ users: [{ name: 'miner', token: TOKEN }] });
    subtensor = await connectSubtensor({ endpoint: devnet.endpoint });
    snapshot = await devnet.snapshot();
  }, SLOW);

  afterEach(async () => {
    await devnet.revert(snapshot);
  }, SLOW);

  afterAll(async () => {
    await subtensor?.disconnect();
    await devnet?.stop();
    await hub?.stop();
    await rm(work, { recursive: true, force: true });
  }, SLOW);

  it(
    'uploads a pipeline folder: the chain holds the hash of the downloaded repo, which ends public',
    async () => {
      const run = await upload([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'miner/sdxl-m6',
        '--competition_id',
        'm6',
      ]);
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code).toBe(0);
      const onChain = await getModelMetadata(subtensor, devnet.netuid, minerHotkey);
      expect(run.stdout).toContain(onChain!.modelId.toCompressedString());
      // Anonymous, as a validator: the repo is public and its committed revision hashes to the chain's hash.
      const validatorView = await downloadModel({
        repo: 'miner/sdxl-m6',
        revision: onChain!.modelId.commit!,
        cacheDir: path.join(work, 'validator'),
        hubUrl: hub.url,
      });
      expect(validatorView.hash).toBe(onChain!.modelId.hash);
      expect(onChain!.modelId.competitionId).toBe('m6');
    },
    SLOW,
  );

  it(
    '--dry-run checks everything and publishes nothing',
    async () => {
      const run = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-dry', '--dry-run']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Dry run: every check passed');
      await expect(
        listRevisionFiles({ repo: 'miner/sdxl-dry', hubUrl: hub.url, accessToken: TOKEN }),
      ).rejects.toBeInstanceOf(RepoNotFoundError);
      expect(await getModelMetadata(subtensor, devnet.netuid, minerHotkey)).toBeUndefined();
    },
    SLOW,
  );

  it(
    'lists every refusal at once: over-size model, over-long id, missing token',
    async () => {
      const huge = path.join(work, 'huge-unet');
      await writeOversizedUnet(huge);

      const run = await upload(['--load_model_dir', huge, '--hf_repo_id', `miner/${'x'.repeat(40)}`], {});
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The upload would be refused (4 problems)');
      expect(run.stderr).toContain('ModelId namespace + name are 45 bytes (UTF-8), over the limit of 38');
      expect(run.stderr).toContain('ModelId compressed string is 135 bytes');
      expect(run.stderr).toContain('parameters, over the 2,684,354,560 allowed in competition m6');
      expect(run.stderr).toContain('No Hugging Face access token');
      await expect(
        listRevisionFiles({ repo: `miner/${'x'.repeat(40)}`, hubUrl: hub.url, accessToken: TOKEN }),
      ).rejects.toBeInstanceOf(RepoNotFoundError);
    },
    SLOW,
  );

  it(
    'refuses an unregistered hotkey and an unknown competition id together',
    async () => {
      const run = await upload([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'miner/sdxl-x',
        '--wallet.name',
        'stranger',
        '--competition_id',
        'zz',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The upload would be refused (2 problems)');
      expect(run.stderr).toMatch(/Unknown competition id ..zz..\. Valid competition ids: m6/);
      expect(run.stderr).toContain(`is not registered on subnet ${devnet.netuid}`);
    },
    SLOW,
  );

  it(
    'leaves no public repo behind when the chain commit finally fails, and prints the resume command',
    async () => {
      const first = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-a']);
      expect(first.code).toBe(0);
      // The chain's commitment rate limit (one per 100 blocks) refuses the second commit; one attempt only.
      const second = await upload([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'miner/sdxl-b',
        '--commit_attempts',
        '1',
      ]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('The chain commitment failed after 1 attempt');
      expect(second.stderr).toContain('Resume with:');
      expect(second.stderr).toContain('pixel-upload --load_model_dir');
      await expect(listRevisionFiles({ repo: 'miner/sdxl-b', hubUrl: hub.url })).rejects.toBeInstanceOf(
        RepoNotFoundError,
      );
      const onChain = await getModelMetadata(subtensor, devnet.netuid, minerHotkey);
      expect(onChain?.modelId.repoId).toBe('miner/sdxl-a');
    },
    SLOW,
  );

  it('--list_competitions prints the competitions without touching the chain', async () => {
    const run = await runPixel(['model', 'upload', '--list_competitions']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('m6');
  });
});
