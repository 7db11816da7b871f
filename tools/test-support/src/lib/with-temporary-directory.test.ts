import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withTemporaryDirectory } from './with-temporary-directory.js';

describe('withTemporaryDirectory', () => {
  it('gives an empty folder named after the prefix and removes it with its contents afterwards', async () => {
    const seen = await withTemporaryDirectory('helper-test', async (dir) => {
      expect(path.dirname(dir)).toBe(tmpdir());
      expect(path.basename(dir)).toMatch(/^pixel-helper-test-.{6}$/);
      await writeFile(path.join(dir, 'file'), 'content');
      return dir;
    });
    expect(existsSync(seen)).toBe(false);
  });

  it('removes the folder when the test fails inside it, and passes the failure on', async () => {
    let seen = '';
    await expect(
      withTemporaryDirectory('helper-test', async (dir) => {
        seen = dir;
        throw new Error('the test failed');
      }),
    ).rejects.toThrow('the test failed');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
  });
});
