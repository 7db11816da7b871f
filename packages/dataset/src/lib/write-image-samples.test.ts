import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateGridImage } from '@pixel-tools/vision-source';
import sharp from 'sharp';
import { SkipError, writeImageSamples } from '../index.js';

describe('writeImageSamples', () => {
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
    const files = await writeImageSamples(grid, 7, dir);
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
    expect((await writeImageSamples(grid, 1, dir, 'top-left')).map((f) => f.name)).toEqual([
      '000000001_part_1.png',
    ]);
  });

  it('keeps an image of any other size whole, as its own bytes under its own format (the trainer resizes)', async () => {
    const photo = await sharp({ create: { width: 1536, height: 1024, channels: 3, background: '#123' } })
      .jpeg()
      .toBuffer();
    for (const tiles of ['all', 'top-left'] as const) {
      const files = await writeImageSamples(photo, 2, dir, tiles);
      expect(files).toEqual([{ name: '000000002.jpg', bytes: photo.length }]);
    }
    const webp = await sharp({ create: { width: 64, height: 96, channels: 4, background: '#1234' } })
      .webp()
      .toBuffer();
    expect(await writeImageSamples(webp, 3, dir)).toEqual([{ name: '000000003.webp', bytes: webp.length }]);
    expect((await readdir(dir)).sort()).toEqual(['000000002.jpg', '000000003.webp']);
  });

  it('skips an image with more pixels than it decodes, before decoding it, and writes nothing', async () => {
    const huge = await sharp({ create: { width: 8192, height: 4096, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await expect(writeImageSamples(huge, 1, dir)).rejects.toEqual(
      new SkipError('too-large', '8192x4096 pixels, more than the 16777216 (4096x4096) an image may have'),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a PNG cut short as undecodable and writes nothing', async () => {
    const error = await writeImageSamples(grid.subarray(0, grid.length >> 1), 1, dir).catch(
      (e: unknown) => e,
    );
    expect((error as SkipError).reason).toBe('undecodable');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports each undecodable image its own error when several fail at once (libvips logs errors per process)', async () => {
    const small = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const broken = [small.subarray(0, small.length - 20), Buffer.from('not an image'), small.subarray(0, 40)];
    const errorOf = (image: Buffer) =>
      writeImageSamples(image, 1, dir).then(
        () => 'written',
        (error: SkipError) => error.message,
      );
    const alone: string[] = [];
    for (const image of broken) alone.push(await errorOf(image));
    expect(alone).not.toContain('written');
    for (let round = 0; round < 60; round++) {
      expect(await Promise.all([...broken, ...broken].map(errorOf))).toEqual([...alone, ...alone]);
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
