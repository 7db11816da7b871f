// `pixel model upload` through the real CLI against a local chain (chopsticks) and the local Hub.
import path from 'node:path';
import { getModelMetadata } from '@pixel/chain';
import { downloadModel, listRevisionFiles, RepoNotFoundError } from '@pixel/hub';
import { useLocalChainAndHub, writeOversizedUnet } from '@pixel/miner/test-support';
import { runPixel } from '../test-support/run-pixel.js';

const PIPELINE = path.join(process.env.PIXEL_SHARED_DIR!, 'fixtures/tiny-sdxl-pipe');
/** Chain start-up and blocks take seconds on 2 shared cores. */
const SLOW = 180_000;

describe('pixel model upload', () => {
  // "stranger" has a wallet but no uid on the subnet.
  const local = useLocalChainAndHub({ registered: ['miner'], unregistered: ['stranger'], timeoutMs: SLOW });
  const minerHotkey = () => local.wallets.miner!.hotkey.address;
  let snapshot: string;

  const upload = (args: string[], env: NodeJS.ProcessEnv = { HF_ACCESS_TOKEN: local.hubToken }) =>
    runPixel(
      [
        'model',
        'upload',
        '--wallet.path',
        local.walletsPath,
        '--wallet.name',
        'miner',
        '--wallet.hotkey',
        'default',
        '--subtensor.chain_endpoint',
        local.devnet.endpoint,
        '--netuid',
        String(local.devnet.netuid),
        '--hub-url',
        local.hub.url,
        ...args,
      ],
      { env },
    );

  beforeAll(async () => {
    snapshot = await local.devnet.snapshot();
  }, SLOW);

  afterEach(async () => {
    await local.devnet.revert(snapshot);
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
      const onChain = await getModelMetadata(local.subtensor, local.devnet.netuid, minerHotkey());
      expect(run.stdout).toContain(onChain!.modelId.toCompressedString());
      // Anonymous, as a validator: the repo is public and its committed revision hashes to the chain's hash.
      const validatorView = await downloadModel({
        repo: 'miner/sdxl-m6',
        revision: onChain!.modelId.commit!,
        cacheDir: path.join(local.work, 'validator'),
        hubUrl: local.hub.url,
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
        listRevisionFiles({ repo: 'miner/sdxl-dry', hubUrl: local.hub.url, accessToken: local.hubToken }),
      ).rejects.toBeInstanceOf(RepoNotFoundError);
      expect(await getModelMetadata(local.subtensor, local.devnet.netuid, minerHotkey())).toBeUndefined();
    },
    SLOW,
  );

  it(
    'lists every refusal at once: over-size model, over-long id, missing token',
    async () => {
      const huge = path.join(local.work, 'huge-unet');
      await writeOversizedUnet(huge);

      const run = await upload(['--load_model_dir', huge, '--hf_repo_id', `miner/${'x'.repeat(40)}`], {});
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The upload would be refused (4 problems)');
      expect(run.stderr).toContain('ModelId namespace + name are 45 bytes (UTF-8), over the limit of 38');
      expect(run.stderr).toContain('ModelId compressed string is 135 bytes');
      expect(run.stderr).toContain('parameters, over the 2,684,354,560 allowed in competition m6');
      expect(run.stderr).toContain('No Hugging Face access token');
      await expect(
        listRevisionFiles({
          repo: `miner/${'x'.repeat(40)}`,
          hubUrl: local.hub.url,
          accessToken: local.hubToken,
        }),
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
      expect(run.stderr).toContain(`is not registered on subnet ${local.devnet.netuid}`);
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
      await expect(listRevisionFiles({ repo: 'miner/sdxl-b', hubUrl: local.hub.url })).rejects.toBeInstanceOf(
        RepoNotFoundError,
      );
      const onChain = await getModelMetadata(local.subtensor, local.devnet.netuid, minerHotkey());
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
