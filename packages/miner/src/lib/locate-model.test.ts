import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { locateModel } from './locate-model.js';

describe('locateModel', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pixel-locate-model-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('takes an existing folder first (against cwd), else a Hub id with its revision, without any download', async () => {
    await mkdir(path.join(cwd, 'me', 'model'), { recursive: true });
    expect(await locateModel('me/model', { cwd })).toEqual({
      kind: 'folder',
      folder: path.join(cwd, 'me', 'model'),
    });
    expect(await locateModel(cwd)).toEqual({ kind: 'folder', folder: cwd });
    expect(await locateModel('me/repo@0123abc', { cwd })).toEqual({
      kind: 'hub',
      repo: 'me/repo',
      revision: '0123abc',
    });
    expect(await locateModel('me/repo', { cwd })).toEqual({ kind: 'hub', repo: 'me/repo' });
  });

  it('reads uid:<n> and best as committed models before any folder; ./best is the folder', async () => {
    await mkdir(path.join(cwd, 'best'));
    expect(await locateModel('uid:12', { cwd })).toEqual({ kind: 'committed', uid: 12 });
    expect(await locateModel('uid:0', { cwd })).toEqual({ kind: 'committed', uid: 0 });
    expect(await locateModel('best', { cwd })).toEqual({ kind: 'committed', uid: 'best' });
    expect(await locateModel('./best', { cwd })).toEqual({ kind: 'folder', folder: path.join(cwd, 'best') });
    // Where a committed model makes no sense (a pipeline, a VAE), the words are only folder names.
    expect(await locateModel('best', { cwd, committed: false })).toEqual({
      kind: 'folder',
      folder: path.join(cwd, 'best'),
    });
    await expect(locateModel('uid:12', { cwd, committed: false, flag: '--vae' })).rejects.toThrow(
      `--vae uid:12: no such folder (${path.join(cwd, 'uid:12')}), and not a Hub id`,
    );
  });

  it.each([
    ['uid:abc', '--model uid:abc: a uid is written uid:<number>, e.g. uid:12.'],
    ['uid:-1', '--model uid:-1: a uid is written uid:<number>, e.g. uid:12.'],
    ['uid:', '--model uid:: a uid is written uid:<number>, e.g. uid:12.'],
    ['uid:99999999999', '--model uid:99999999999: a uid is written uid:<number>, e.g. uid:12.'],
  ])('refuses %s with a UsageError naming the flag', async (reference, message) => {
    const refusal = locateModel(reference, { cwd, flag: '--model' });
    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow(message);
  });

  it('refuses a reference that is neither a folder nor a Hub id, saying what is wrong with it as a Hub id', async () => {
    const missing = locateModel('./missing', { cwd, flag: '--pretrained_model_name_or_path' });
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toThrow(
      `--pretrained_model_name_or_path ./missing: no such folder (${path.join(cwd, 'missing')}), ` +
        'and not a Hub id (namespace/name or namespace/name@revision).',
    );
    // Without a flag, the message starts with the reference.
    await expect(locateModel('me/bad--name', { cwd })).rejects.toThrow(
      `me/bad--name: no such folder (${path.join(cwd, 'me/bad--name')}), and not a Hub id ` +
        '(namespace/name or namespace/name@revision): "bad--name" may only hold letters, digits',
    );
    await expect(locateModel('me/repo@a..b', { cwd })).rejects.toThrow('the revision "a..b" may only hold');
  });
});
