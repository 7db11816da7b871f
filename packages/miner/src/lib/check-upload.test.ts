import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED } from '../test-support/shared-paths.js';
import { writeOversizedUnet } from '../test-support/write-oversized-unet.js';
import { checkUpload } from './check-upload.js';

describe('checkUpload (without a chain)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixel-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the tiny pipeline folder with a short id and a token', async () => {
    const problems = await checkUpload({
      modelDir: SHARED.tinyPipeline,
      repo: 'miner/sdxl-m6',
      accessToken: 'hf_x',
    });
    expect(problems).toEqual([]);
  });

  it('lists every problem at once: competition, id length, token, missing model', async () => {
    const problems = await checkUpload({
      modelDir: path.join(dir, 'nothing-here'),
      repo: `miner/${'x'.repeat(40)}`,
      competitionId: 'zz9',
    });
    expect(problems.map((p) => p.check).sort()).toEqual(
      expect.arrayContaining(['competition', 'model', 'repoId', 'token']),
    );
    expect(problems.find((p) => p.check === 'competition')?.message).toContain('Valid competition ids: m6');
    expect(problems.find((p) => p.check === 'model')?.message).toContain('No UNet in');
  });

  it('counts parameters from the config alone and refuses an SDXL-plus-size UNet without allocating it', async () => {
    const unet = path.join(dir, 'huge');
    await writeOversizedUnet(unet);
    const problems = await checkUpload({
      modelDir: unet,
      repo: 'miner/big',
      accessToken: 'hf_x',
      dtype: 'float32',
    });
    expect(problems.map((p) => p.check)).toEqual(['parameters', 'repoSize']);
    expect(problems[0]?.message).toMatch(/over the 2,684,354,560 allowed in competition m6/);
  });
});
