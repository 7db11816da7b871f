import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../index.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces the file whole and leaves no temp file', async () => {
    const file = path.join(dir, 'metadata.csv');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, new Uint8Array([110, 101, 119]));
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['metadata.csv']);
  });

  it('fails without leaving anything when the target cannot be written', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.png'), 'data')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
