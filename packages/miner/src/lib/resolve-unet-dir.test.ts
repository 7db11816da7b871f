import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { resolveUnetDir } from './resolve-unet-dir.js';

describe('resolveUnetDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pixel-unet-dir-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses unet/ of a pipeline folder and a UNet folder as it is', async () => {
    const unet = path.join(SHARED.tinyPipeline, 'unet');
    expect(await resolveUnetDir(SHARED.tinyPipeline)).toBe(unet);
    expect(await resolveUnetDir(unet)).toBe(unet);
  });

  it('names what is missing', async () => {
    await expect(resolveUnetDir(dir)).rejects.toThrow(`No UNet in ${dir}`);
    const pipeline = path.join(dir, 'pipeline');
    await mkdir(pipeline);
    await writeFile(path.join(pipeline, 'model_index.json'), '{}');
    await expect(resolveUnetDir(pipeline)).rejects.toThrow(
      'is a pipeline folder but has no unet/config.json',
    );
  });
});
