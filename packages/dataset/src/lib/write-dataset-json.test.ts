import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSystemError } from '@pixel/files';
import { writeDatasetJson } from '../index.js';

describe('writeDatasetJson', () => {
  it('writes the records as the reference dataset.json shape, without our index', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'json-'));
    const file = path.join(dir, 'dataset.json');
    const record = {
      prompt: 'A pizza with cheese on it',
      image_url: 'https://example.com/a.png',
      timestamp: '2024-04-21T21:12:35Z',
    };
    const listed = [{ index: 1, ...record }];
    await writeDatasetJson(file, listed);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([record]);
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file and the fix when it cannot be written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'json-'));
    await writeFile(path.join(dir, 'notes.txt'), 'a file, not a folder');
    const file = path.join(dir, 'notes.txt', 'dataset.json');
    const error = await writeDatasetJson(file, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toBe(
      `Cannot write ${file}: a part of the path is a file, not a folder. Check the path, or move the file ` +
        'that stands where a folder should be, or choose another file (--dataset-file), and run again.',
    );
    await rm(dir, { recursive: true, force: true });
  });
});
