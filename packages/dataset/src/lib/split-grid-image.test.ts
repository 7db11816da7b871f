import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateGridImage } from '@pixel-tools/vision-source';
import sharp from 'sharp';
import { splitGridImage, SkipError } from '../index.js';

describe('splitGridImage', () => {
  let dir: string;
  let grid: Buffer;
  beforeAll(async () => {
    grid = await generateGridImage(3);
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'split-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the four quadrants, pixel for pixel, in reading order', async () => {
    const files = await splitGridImage(grid, 7, dir);
    expect(files.map((f) => f.name)).toEqual([1, 2, 3, 4].map((k) => `000000007_part_${k}.png`));
    const corners = [
      [0, 0],
      [1024, 0],
      [0, 1024],
      [1024, 1024],
    ];
    for (const [k, [left, top]] of corners.entries()) {
      const expected = await sharp(grid)
        .extract({ left: left!, top: top!, width: 1024, height: 1024 })
        .raw()
        .toBuffer();
      const { data, info } = await sharp(path.join(dir, files[k]!.name))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([1024, 1024]);
      expect(data.equals(expected)).toBe(true);
    }
    expect((await readdir(dir)).sort()).toEqual(files.map((f) => f.name));
  });

  it('keeps only the top-left tile when asked (the reference behaviour)', async () => {
    expect((await splitGridImage(grid, 1, dir, 'top-left')).map((f) => f.name)).toEqual([
      '000000001_part_1.png',
    ]);
  });

  it('reports an image that is not a 2048x2048 grid and writes nothing', async () => {
    const small = await sharp({ create: { width: 1536, height: 1024, channels: 3, background: '#123' } })
      .png()
      .toBuffer();
    await expect(splitGridImage(small, 1, dir)).rejects.toEqual(
      new SkipError('not-a-2x2-grid', '1536x1024, expected a 2048x2048 grid of four images'),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a PNG cut short as undecodable and writes nothing', async () => {
    const error = await splitGridImage(grid.subarray(0, grid.length >> 1), 1, dir).catch((e: unknown) => e);
    expect((error as SkipError).reason).toBe('undecodable');
    expect(await readdir(dir)).toEqual([]);
  });
});
