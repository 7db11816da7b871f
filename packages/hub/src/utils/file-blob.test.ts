import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBlob } from './file-blob.js';

describe('FileBlob', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixel-hub-blob-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the whole file and slices of it, as a Blob of the same bytes would', async () => {
    const path = join(dir, 'data.bin');
    const bytes = Buffer.from('0123456789abcdef');
    await writeFile(path, bytes);
    const blob = await FileBlob.open(path);
    const reference = new Blob([bytes]);
    expect(blob.size).toBe(16);
    for (const [start, end] of [
      [0, 16],
      [3, 9],
      [-4, undefined],
      [10, 4],
      [0, 100],
    ] as const) {
      const slice = blob.slice(start, end);
      const expected = await reference.slice(start, end).text();
      expect(slice.size).toBe(expected.length);
      expect(await slice.text()).toBe(expected);
      expect(await new Response(slice.stream()).text()).toBe(expected);
    }
  });
});
