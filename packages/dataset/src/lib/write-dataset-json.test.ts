import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
});
