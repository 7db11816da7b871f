import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from './use-temporary-directory.js';

describe('useTemporaryDirectory', () => {
  const dir = useTemporaryDirectory('helper-test');
  const seen: string[] = [];

  it('gives each test an empty folder of its own', async () => {
    expect(await readdir(dir())).toEqual([]);
    await writeFile(path.join(dir(), 'file'), 'content');
    seen.push(dir());
  });

  it('removed the previous test’s folder before this test', async () => {
    expect(dir()).not.toBe(seen[0]);
    expect(existsSync(seen[0]!)).toBe(false);
    expect(await readdir(dir())).toEqual([]);
  });
});

describe('useTemporaryDirectory outside a test', () => {
  const dir = useTemporaryDirectory('helper-test');
  const outside = (() => {
    try {
      return dir();
    } catch (error) {
      return error as Error;
    }
  })();

  it('says the folder exists only inside a test', () => {
    expect(outside).toEqual(new Error('useTemporaryDirectory: the directory exists only inside a test.'));
  });
});
