import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFolder, FileSystemError } from '../index.js';

describe('createFolder', () => {
  it('creates the folder and its parents with the mode asked for, and accepts one that exists', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'pixel-files-'));
    const folder = path.join(root, 'a', 'b');
    await createFolder(folder, { mode: 0o700 });
    await createFolder(folder);
    expect((await stat(folder)).isDirectory()).toBe(true);
    expect((await stat(path.join(root, 'a'))).mode & 0o777).toBe(0o700);
  });

  it('names the folder, the reason and the fix when it cannot be created', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'pixel-files-'));
    await writeFile(path.join(root, 'file'), 'a file where a folder should be');
    const folder = path.join(root, 'file', 'out');
    const error = await createFolder(folder, { elsewhere: 'or choose another folder with --output' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toBe(
      `Cannot create the folder ${folder}: a part of the path is a file, not a folder. Check the path, or move ` +
        'the file that stands where a folder should be, or choose another folder with --output, and run again.',
    );
  });
});
