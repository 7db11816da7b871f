import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { SHARED } from '@pixel-tools/test-support';
import { writeOversizedUnet } from '../test-support/write-oversized-unet.js';
import { checkUpload } from './check-upload.js';

const MINER = { name: 'miner', token: 'hf_check_upload_miner' };
const RIVAL = { name: 'rival', token: 'hf_check_upload_rival' };
const MINER_READER = { name: 'miner', token: 'hf_check_upload_miner_read', role: 'read' as const };

describe('checkUpload (without a chain)', () => {
  let dir: string;
  let hub: LocalHub;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixel-check-'));
    hub = await startLocalHub({ users: [MINER, RIVAL, MINER_READER] });
  });
  afterAll(async () => {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the tiny pipeline folder with a short id and a write token of the namespace', async () => {
    const problems = await checkUpload({
      modelDir: SHARED.tinyPipeline,
      repo: 'miner/sdxl-m6',
      accessToken: MINER.token,
      hubUrl: hub.url,
    });
    expect(problems).toEqual([]);
  });

  it('lists every problem at once: competition, id length, token, missing model', async () => {
    const problems = await checkUpload({
      modelDir: path.join(dir, 'nothing-here'),
      repo: `miner/${'x'.repeat(40)}`,
      competitionId: 'zz9',
      hubUrl: hub.url,
    });
    expect(problems.map((p) => p.check).sort()).toEqual(
      expect.arrayContaining(['competition', 'model', 'repoId', 'token']),
    );
    expect(problems.find((p) => p.check === 'competition')?.message).toContain('Valid competition ids: m6');
    expect(problems.find((p) => p.check === 'model')?.message).toContain('No UNet in');
  });

  it("asks the Hub who the token is: refuses a token without hf_, an unknown one, a read one and another user's", async () => {
    const tokenProblem = async (accessToken: string, repo = 'miner/sdxl-m6') =>
      (await checkUpload({ modelDir: SHARED.tinyPipeline, repo, accessToken, hubUrl: hub.url })).map(
        (problem) => `${problem.check}: ${problem.message}`,
      );
    expect(await tokenProblem('not_a_token')).toEqual([
      expect.stringMatching(/^token: .*does not start with "hf_"/),
    ]);
    expect(await tokenProblem('hf_unknown_to_the_hub')).toEqual([
      expect.stringMatching(/^token: .*does not recognise it/),
    ]);
    expect(await tokenProblem(MINER_READER.token)).toEqual([expect.stringMatching(/^token: .*read token/)]);
    expect(await tokenProblem(RIVAL.token)).toEqual([
      expect.stringMatching(/^token: .*belongs to "rival", which may not create repos under "miner"/),
    ]);
  });

  it("refuses an id the Hub would refuse, naming the part (the Hub's grammar), with its suffix too", async () => {
    const repoIdProblems = async (repo: string, repoSuffix?: string) =>
      (
        await checkUpload({
          modelDir: SHARED.tinyPipeline,
          repo,
          repoSuffix,
          accessToken: MINER.token,
          hubUrl: hub.url,
        })
      )
        .filter((problem) => problem.check === 'repoId')
        .map((problem) => problem.message);
    expect(await repoIdProblems('miner/bad--name')).toEqual([
      '--hf_repo_id "miner/bad--name" is not a Hub repo id: "bad--name" may only hold letters, digits, "-", "_" ' +
        'and "." (no "--" or "..", at most 96 characters). Use "<namespace>/<name>", e.g. my-user/sdxl-m6.',
    ]);
    expect(await repoIdProblems('no-slash')).toEqual([
      expect.stringContaining('is not a Hub repo id: expected exactly one "/"') as string,
    ]);
    // "sdxl-x." ends with a dot: the repo the suffix makes is refused, naming it.
    expect(await repoIdProblems('miner/sdxl', 'x.')).toEqual([
      expect.stringMatching(
        /^The repo miner\/sdxl-x\. \(--hf_repo_id with its suffix\) is not a Hub repo id: "sdxl-x\."/,
      ) as string,
    ]);
  });

  it('measures the id with the suffix the repo gets (8 hex digits by default)', async () => {
    // At most 38 bytes for namespace + name: 5 + 30 fits alone, not with "-" and 8 more.
    const repo = `miner/${'x'.repeat(30)}`;
    const problems = await checkUpload({
      modelDir: SHARED.tinyPipeline,
      repo,
      accessToken: MINER.token,
      hubUrl: hub.url,
    });
    expect(problems.map((p) => p.check)).toEqual(['repoId', 'repoId']);
    expect(problems[0]?.message).toMatch(
      /44 bytes.*over the limit of 38.*goes to miner\/x{30}-<8 hex digits of its content hash>, whose suffix adds 9 bytes/s,
    );
    await expect(
      checkUpload({
        modelDir: SHARED.tinyPipeline,
        repo,
        repoSuffix: '',
        accessToken: MINER.token,
        hubUrl: hub.url,
      }),
    ).resolves.toEqual([]);
    expect(
      (
        await checkUpload({
          modelDir: SHARED.tinyPipeline,
          repo,
          repoSuffix: 'a/b',
          accessToken: MINER.token,
          hubUrl: hub.url,
        })
      ).map((p) => p.check),
    ).toEqual(['repoId']);
  });

  it('counts parameters from the config alone and refuses an SDXL-plus-size UNet without allocating it', async () => {
    const unet = path.join(dir, 'huge');
    await writeOversizedUnet(unet);
    const problems = await checkUpload({
      modelDir: unet,
      repo: 'miner/big',
      accessToken: MINER.token,
      hubUrl: hub.url,
      dtype: 'float32',
    });
    expect(problems.map((p) => p.check)).toEqual(['parameters', 'repoSize']);
    expect(problems[0]?.message).toMatch(/over the 2,684,354,560 allowed in competition m6/);
  });
});
