import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { FileSystemError, writeFileAtomic } from '../index.js';

const tempFolder = useTemporaryDirectory('files');

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const dir = await tempFolder();
    const target = path.join(dir, 'a.json');
    await writeFileAtomic(target, '{"v":1}');
    await writeFileAtomic(target, new Uint8Array([123, 125]));
    expect(await readFile(target, 'utf8')).toBe('{}');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('streams through the handle and honours the mode', async () => {
    const dir = await tempFolder();
    const target = path.join(dir, 'key');
    await writeFileAtomic(
      target,
      async (handle) => {
        await handle.write('one ');
        await handle.write('two');
      },
      { mode: 0o600 },
    );
    expect(await readFile(target, 'utf8')).toBe('one two');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('keeps the old file and removes the temporary one when the writer fails', async () => {
    const dir = await tempFolder();
    const target = path.join(dir, 'b.txt');
    await writeFile(target, 'old');
    const failure = new Error('writer failed half way');
    await expect(
      writeFileAtomic(target, async (handle) => {
        await handle.write('half');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['b.txt']);
  });

  it('names the path, the reason and the fix when the file system refuses', async () => {
    const dir = await tempFolder();
    await writeFile(path.join(dir, 'file'), 'a file where a folder should be');
    const target = path.join(dir, 'file', 'out.txt');
    const error = await writeFileAtomic(target, 'x', {
      elsewhere: 'or choose another folder with --output',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as FileSystemError).code).toBe('ENOTDIR');
    expect((error as FileSystemError).path).toBe(target);
    expect((error as Error).message).toBe(
      `Cannot write ${target}: a part of the path is a file, not a folder. Check the path, or move the file ` +
        `that stands where a folder should be, or choose another folder with --output, and run again.`,
    );
  });
});
