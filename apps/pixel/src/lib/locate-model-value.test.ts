import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { locateModelValue } from './locate-model-value.js';

describe('locateModelValue', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pixel-locate-model-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('takes an existing folder first, else a Hub id with its revision, without downloading anything', async () => {
    await mkdir(path.join(cwd, 'me', 'model'), { recursive: true });
    expect(await locateModelValue({ cwd }, 'me/model', '--model')).toEqual({
      folder: path.join(cwd, 'me', 'model'),
    });
    expect(await locateModelValue({ cwd }, 'me/repo@0123abc', '--model')).toEqual({
      repo: 'me/repo',
      revision: '0123abc',
    });
    expect(await locateModelValue({ cwd }, 'me/repo')).toEqual({ repo: 'me/repo', revision: undefined });
  });

  it('refuses a value that is neither with a UsageError naming the flag, if asked to', async () => {
    const refusal = locateModelValue({ cwd }, './missing', '--pretrained_model_name_or_path');
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow(
      `--pretrained_model_name_or_path ./missing: no such folder (${path.join(cwd, 'missing')}), and not a Hub id`,
    );
    expect(await locateModelValue({ cwd }, './missing')).toEqual({ folder: path.join(cwd, 'missing') });
  });
});
