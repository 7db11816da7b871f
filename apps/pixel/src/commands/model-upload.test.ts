// `pixel model upload` through the real CLI against a local chain (chopsticks) and the local Hub; and
// the same command as a process of its own (as `pixel-upload` runs it), killed at every stage of an upload.
import { mkdtemp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { getModelMetadata, type ModelMetadata } from '@pixel/chain';
import { downloadModel, listRevisionFiles, RepoNotFoundError } from '@pixel/hub';
import {
  setLocalSubnetIdentity,
  useLocalChainAndHub,
  writeOversizedUnet,
  writeUnetVariant,
} from '@pixel/miner/test-support';
import { logMessages } from '../test-support/log-messages.js';
import { runPixel } from '../test-support/run-pixel.js';
import { spawnPixel } from '../test-support/spawn-pixel.js';

const PIPELINE = SHARED.tinyPipeline;
/** Chain start-up and blocks take seconds on 2 shared cores. */
const SLOW = 180_000;
/** The chain's rate limit: one commitment per hotkey per this many blocks. */
const COMMIT_RATE_LIMIT_BLOCKS = 100;
/** A Node stack frame, which no failure may print. */
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

// "stranger" has a wallet but no uid on the subnet.
const local = useLocalChainAndHub({ registered: ['miner'], unregistered: ['stranger'], timeoutMs: SLOW });
const minerHotkey = () => local.wallets.miner!.hotkey.address;
const onChain = () => getModelMetadata(local.subtensor, local.devnet.netuid, minerHotkey());
let base: string;

beforeAll(async () => {
  base = await local.devnet.snapshot();
}, SLOW);

/** Every flag but the model's: the wallet, the local chain and Hub. */
const connection = () => [
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
];

const upload = (args: string[], env: NodeJS.ProcessEnv = { HF_ACCESS_TOKEN: local.hubToken }) =>
  runPixel(['model', 'upload', ...connection(), ...args], { env });

/** The repo the dry run says the model goes to. */
const plannedRepo = (stdout: string) => /^ {2}repo: +(\S+)/m.exec(stdout)?.[1] ?? '';

/** As a validator: the commitment's revision, downloaded anonymously, hashes to the committed hash. */
async function expectValidatorsDownload(metadata: ModelMetadata | undefined, cacheDir: string) {
  const { modelId } = metadata!;
  const view = await downloadModel({
    repo: modelId.repoId,
    revision: modelId.commit!,
    cacheDir: path.join(local.work, cacheDir),
    hubUrl: local.hub.url,
  });
  expect(view.hash).toBe(modelId.hash);
}

describe('pixel model upload', () => {
  afterEach(async () => {
    await local.devnet.revert(base);
  }, SLOW);

  it(
    'uploads a pipeline folder to a repo of its own: the chain holds the hash of the downloaded repo, which ends public',
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
      const committed = await onChain();
      expect(committed!.modelId.repoId).toMatch(/^miner\/sdxl-m6-[0-9a-f]{8}$/);
      expect(run.stdout).toContain(
        `Uploaded ${committed!.modelId.repoId} at commit ${committed!.modelId.commit}`,
      );
      expect(run.stdout).toContain(committed!.modelId.toCompressedString());
      expect(committed!.modelId.competitionId).toBe('m6');
      await expectValidatorsDownload(committed, 'validator');

      // Run again: nothing to do, nothing changes.
      const again = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-m6']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`${committed!.modelId.repoId} already held this model`);
      expect(again.stdout).toContain('it was already committed');
      expect((await onChain())!.block).toBe(committed!.block);
    },
    SLOW,
  );

  it(
    '--dry-run runs the checks, shows the repo and the steps, and publishes nothing',
    async () => {
      const run = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-dry', '--dry-run']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Dry run: every check passed');
      expect(run.stdout).toMatch(/weights converted to bfloat16 \([\d,]+ bytes, all finite\)/);
      expect(run.stdout).toContain('steps:   upload, then commit on chain, then make public');
      const repo = plannedRepo(run.stdout);
      expect(repo).toMatch(/^miner\/sdxl-dry-[0-9a-f]{8}$/);
      for (const candidate of [repo, 'miner/sdxl-dry']) {
        await expect(
          listRevisionFiles({ repo: candidate, hubUrl: local.hub.url, accessToken: local.hubToken }),
        ).rejects.toBeInstanceOf(RepoNotFoundError);
      }
      expect(await onChain()).toBeUndefined();

      // --repo_suffix '' names the repo exactly.
      const exact = await upload([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'miner/sdxl-dry',
        '--repo_suffix',
        '',
        '--dry-run',
      ]);
      expect(plannedRepo(exact.stdout)).toBe('miner/sdxl-dry');
    },
    SLOW,
  );

  it(
    '--dry-run refuses what the upload refuses: a token without hf_, an unknown token, another namespace, NaN weights',
    async () => {
      const dryRun = (args: string[], token = local.hubToken) =>
        upload([...args, '--dry-run'], { HF_ACCESS_TOKEN: token });
      const model = ['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-dry'];

      const notHf = await dryRun(model, 'not_a_hugging_face_token');
      expect(logMessages(notHf.stderr)).toMatch(
        /The upload would be refused \(1 problem\).*does not start with "hf_"/s,
      );
      const unknown = await dryRun(model, 'hf_unknown_to_the_hub_0000');
      expect(unknown.stderr).toMatch(/the Hub does not recognise it/);
      const otherNamespace = await dryRun([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'someone-else/sdxl',
      ]);
      expect(logMessages(otherNamespace.stderr)).toMatch(
        /belongs to "miner", which may not create repos under "someone-else"/,
      );

      const diverged = await writeUnetVariant(
        path.join(PIPELINE, 'unet'),
        path.join(local.work, 'diverged'),
        (name, values) => {
          if (name === 'conv_out.bias') values[0] = Number.NaN;
        },
      );
      const nan = await dryRun(['--load_model_dir', diverged, '--hf_repo_id', 'miner/sdxl-dry']);
      expect(nan.stderr).toContain('conv_out.bias (1 values)');

      for (const run of [notHf, unknown, otherNamespace, nan]) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).not.toMatch(STACK_FRAME);
        for (const token of ['not_a_hugging_face_token', 'hf_unknown_to_the_hub_0000']) {
          expect(run.stderr).not.toContain(token);
        }
      }
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
      // The repo gets "-" and 8 hex digits of the content hash: 5 + 40 + 9 bytes.
      expect(run.stderr).toContain('ModelId namespace + name are 54 bytes (UTF-8), over the limit of 38');
      expect(run.stderr).toContain('whose suffix adds 9 bytes: shorten the name, or choose a shorter suffix');
      expect(run.stderr).toContain('ModelId compressed string is 144 bytes');
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
    'lists a wallet that does not load with the other problems, without connecting to the chain',
    async () => {
      const run = await upload(
        ['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-x', '--wallet.name', 'nobody'],
        {},
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The upload would be refused (2 problems)');
      expect(logMessages(run.stderr)).toMatch(/- .*nobody/);
      expect(run.stderr).toContain('No Hugging Face access token');
      expect(run.stderr).not.toContain('Connecting to');
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
    'refuses a subnet whose identity names another project before the Hub hears of it (exit code 2); --allow-unrecognised-subnet goes on',
    async () => {
      await setLocalSubnetIdentity(local, {
        subnetName: '404—GEN',
        githubRepo: 'https://github.com/404-Repo/404-gen-subnet',
      });
      const requestsBefore = local.hub.requests.length;
      const model = ['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-elsewhere'];
      for (const args of [model, [...model, '--dry-run']]) {
        const run = await upload(args);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(logMessages(run.stderr)).toContain(
          `netuid ${local.devnet.netuid} on ${local.devnet.endpoint} is '404—GEN' ` +
            '(https://github.com/404-Repo/404-gen-subnet), and its identity mentions neither pixel nor PlixML: ' +
            'not a pixel competition, so no pixel validator reads what is committed there. Nothing was uploaded or committed.',
        );
        expect(run.stderr).toContain('pass --allow-unrecognised-subnet');
        expect(run.stderr).not.toMatch(STACK_FRAME);
      }
      // Nothing reached the Hub, not even the token check.
      expect(local.hub.requests.slice(requestsBefore)).toEqual([]);
      expect(await onChain()).toBeUndefined();

      const allowed = await upload([...model, '--allow-unrecognised-subnet']);
      expect(allowed.code).toBe(0);
      expect(logMessages(allowed.stderr)).toContain('going on, as unrecognised subnets are allowed');
      expect((await onChain())?.modelId.repoId).toMatch(/^miner\/sdxl-elsewhere-[0-9a-f]{8}$/);
    },
    SLOW,
  );

  it(
    'exits 3, without a stack trace, when the Hub does not answer',
    async () => {
      const run = await upload([
        '--load_model_dir',
        PIPELINE,
        '--hf_repo_id',
        'miner/sdxl-x',
        '--dry-run',
        '--hub-url',
        'http://127.0.0.1:9',
      ]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('Cannot reach the Hub');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    },
    SLOW,
  );

  it(
    'leaves no public repo behind when the chain commit finally fails, and the printed command resumes it',
    async () => {
      const first = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-a']);
      expect(first.code).toBe(0);
      const firstCommitment = await onChain();
      // The chain's commitment rate limit refuses the second commit; one attempt only.
      const retrained = await writeUnetVariant(
        path.join(PIPELINE, 'unet'),
        path.join(local.work, 'retrained-b'),
        (name, values) => {
          if (name === 'conv_out.bias') values[0] = values[0]! + 0.5;
        },
      );
      const second = await upload([
        '--load_model_dir',
        retrained,
        '--hf_repo_id',
        'miner/sdxl-b',
        '--commit_attempts',
        '1',
      ]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('The chain commitment failed after 1 attempt');
      expect(second.stderr).not.toMatch(STACK_FRAME);
      const repo = /uploaded to (miner\/sdxl-b-[0-9a-f]{8}) at commit/.exec(logMessages(second.stderr))?.[1];
      expect(repo).toBeDefined();
      await expect(listRevisionFiles({ repo: repo!, hubUrl: local.hub.url })).rejects.toBeInstanceOf(
        RepoNotFoundError,
      );
      expect((await onChain())?.modelId.toCompressedString()).toBe(
        firstCommitment!.modelId.toCompressedString(),
      );
      await expectValidatorsDownload(firstCommitment, 'validator-a');

      // The printed command, once the rate limit has passed, commits the uploaded revision and publishes it.
      const resume = /Resume with:\n {2}pixel-upload (.+)/.exec(logMessages(second.stderr))?.[1];
      expect(resume).toContain(`--load_model_dir ${retrained} --hf_repo_id miner/sdxl-b`);
      await local.devnet.advanceBlocks(COMMIT_RATE_LIMIT_BLOCKS);
      const resumed = await runPixel(['model', 'upload', ...resume!.split(' ')], {
        env: { HF_ACCESS_TOKEN: local.hubToken },
      });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain(`${repo} already held this model`);
      const committed = await onChain();
      expect(committed?.modelId.repoId).toBe(repo);
      await expectValidatorsDownload(committed, 'validator-b');
    },
    SLOW,
  );

  it('asks for the model and the repo when either is missing (exit code 2: the command line is wrong)', async () => {
    const run = await runPixel(['model', 'upload', '--load_model_dir', PIPELINE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Name the model and the repo: --load_model_dir <folder> --hf_repo_id <namespace/name>.',
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('--list_competitions prints the competitions without touching the chain', async () => {
    const run = await runPixel(['model', 'upload', '--list_competitions']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('m6');
  });
});

/** `pixel model upload` (= `pixel-upload`) as a user runs it: a process of its own, with its own temp folder. */
const spawnUpload = (args: string[], tempDir: string) =>
  spawnPixel(['model', 'upload', ...connection(), ...args], {
    cwd: local.work,
    env: { HF_ACCESS_TOKEN: local.hubToken, TMPDIR: tempDir },
  });

/** The folders `pixel-upload` stages its files in (a full copy of the weights each). */
const workFolders = async (tempDir: string) =>
  (await readdir(tempDir)).filter((name) => name.startsWith('pixel-push-'));

interface Stage {
  name: string;
  /** The request to hold the upload at (to kill it there), for the repo the model goes to. */
  at: (repo: string) => { method: string; path: RegExp };
  /** Whether the new model's commitment is on chain at that point. */
  committed: boolean;
  /** What the re-run says it did. */
  rerun: RegExp;
}

const STAGES: Stage[] = [
  {
    name: 'after converting, as the repo is created',
    at: () => ({ method: 'POST', path: /^\/api\/repos\/create$/ }),
    committed: false,
    rerun: /^Uploaded .*; committed it .*\nThe repo is public now/s,
  },
  {
    name: 'during the upload (files sent, the commit not made yet)',
    at: (repo) => ({ method: 'POST', path: new RegExp(`^/api/models/${repo}/commit/main$`) }),
    committed: false,
    rerun: /^Uploaded .*; committed it .*\nThe repo is public now/s,
  },
  {
    name: 'after the upload, before the commitment',
    at: (repo) => ({ method: 'GET', path: new RegExp(`^/${repo}/resolve/[0-9a-f]{40}/`) }),
    committed: false,
    rerun: /already held this model at commit .*; committed it .*\nThe repo is public now/s,
  },
  {
    name: 'after the commitment, before making the repo public',
    at: (repo) => ({ method: 'PUT', path: new RegExp(`^/api/models/${repo}/settings$`) }),
    committed: true,
    rerun: /already held this model at commit .*; it was already committed .*\nThe repo is public now/s,
  },
];

describe('pixel-upload killed at every stage, while an earlier model is committed and public', () => {
  let earlier: ModelMetadata;
  let earlierCommitted: string;

  beforeAll(async () => {
    await local.devnet.revert(base);
    const run = await upload(['--load_model_dir', PIPELINE, '--hf_repo_id', 'miner/sdxl-m6']);
    expect(run.code).toBe(0);
    earlier = (await onChain())!;
    earlierCommitted = await local.devnet.snapshot();
  }, SLOW);

  beforeEach(async () => {
    await local.devnet.revert(earlierCommitted);
    await local.devnet.advanceBlocks(COMMIT_RATE_LIMIT_BLOCKS);
  }, SLOW);

  /**
   * Nobody but the owner can download the new model before its commitment, and validators still download
   * the earlier one (its repo unchanged) until the new commitment replaces it.
   */
  async function expectNothingPublishedEarly(repo: string, newIsCommitted: boolean) {
    await expect(listRevisionFiles({ repo, hubUrl: local.hub.url })).rejects.toBeInstanceOf(
      RepoNotFoundError,
    );
    const { modelId } = earlier;
    expect((await listRevisionFiles({ repo: modelId.repoId, hubUrl: local.hub.url })).commit).toBe(
      modelId.commit,
    );
    await expectValidatorsDownload(earlier, `earlier-${repo}`);
    const now = await onChain();
    if (newIsCommitted) expect(now?.modelId.repoId).toBe(repo);
    else expect(now?.modelId.toCompressedString()).toBe(modelId.toCompressedString());
  }

  it.each(STAGES.map((stage, index) => ({ ...stage, index })))(
    'killed $name: nothing is downloadable before its commitment, and a re-run finishes',
    async ({ at, committed, rerun, index }) => {
      const retrained = await writeUnetVariant(
        path.join(PIPELINE, 'unet'),
        path.join(local.work, `retrained-${index}`),
        (name, values) => {
          if (name === 'conv_out.bias') values[0] = values[0]! + 0.1 * (index + 1);
        },
      );
      const model = ['--load_model_dir', retrained, '--hf_repo_id', 'miner/sdxl-m6'];
      const repo = plannedRepo((await upload([...model, '--dry-run'])).stdout);
      expect(repo).toMatch(/^miner\/sdxl-m6-[0-9a-f]{8}$/);
      expect(repo).not.toBe(earlier.modelId.repoId);

      const tempDir = await mkdtemp(path.join(local.work, 'tmp-'));
      const hold = local.hub.holdRequests(at(repo));
      const killed = spawnUpload(model, tempDir);
      await Promise.race([
        hold.arrived,
        killed.exited.then(({ code, stderr }) => {
          throw new Error(`pixel-upload ended (code ${code}) before the stage:\n${stderr}`);
        }),
      ]);
      // Stopped right at the stage: what anyone can see now.
      await expectNothingPublishedEarly(repo, committed);
      expect(await workFolders(tempDir)).toHaveLength(1);
      killed.child.kill('SIGKILL');
      expect((await killed.exited).signal).toBe('SIGKILL');
      hold.drop();
      await expectNothingPublishedEarly(repo, committed);
      // SIGKILL cannot be caught: the copy of the weights stays until the next run.
      expect(await workFolders(tempDir)).toHaveLength(1);

      const again = await spawnUpload(model, tempDir).exited;
      expect(again.stderr).not.toMatch(STACK_FRAME);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(rerun);
      expect(again.stderr).toContain('left behind by an interrupted upload');
      expect(await workFolders(tempDir)).toEqual([]);
      const now = await onChain();
      expect(now?.modelId.repoId).toBe(repo);
      await expectValidatorsDownload(now, `validator-${repo}`);
    },
    SLOW,
  );

  it(
    'removes its copy of the weights when stopped with SIGTERM, and says nothing more',
    async () => {
      const tempDir = await mkdtemp(path.join(local.work, 'tmp-'));
      const retrained = await writeUnetVariant(
        path.join(PIPELINE, 'unet'),
        path.join(local.work, 'retrained-term'),
        (name, values) => {
          if (name === 'conv_out.bias') values[0] = values[0]! - 0.5;
        },
      );
      const hold = local.hub.holdRequests({ method: 'POST', path: /^\/api\/repos\/create$/ });
      const stopped = spawnUpload(['--load_model_dir', retrained, '--hf_repo_id', 'miner/sdxl-m6'], tempDir);
      await hold.arrived;
      expect(await workFolders(tempDir)).toHaveLength(1);
      stopped.child.kill('SIGTERM');
      const exit = await stopped.exited;
      hold.drop();
      expect(exit.signal).toBe('SIGTERM');
      expect(await workFolders(tempDir)).toEqual([]);
      expect(exit.stderr).not.toMatch(STACK_FRAME);
      expect(exit.stderr).toContain('Interrupted by SIGTERM');
    },
    SLOW,
  );
});
