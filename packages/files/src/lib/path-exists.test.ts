import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathExists } from '../index.js';

describe('pathExists', () => {
  it('tells whether a file or folder is there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-files-'));
    await writeFile(path.join(dir, 'a.txt'), 'a');
    expect(await pathExists(dir)).toBe(true);
    expect(await pathExists(path.join(dir, 'a.txt'))).toBe(true);
    expect(await pathExists(path.join(dir, 'missing'))).toBe(false);
    expect(await pathExists(path.join(dir, 'a.txt', 'below-a-file'))).toBe(false);
  });
});
