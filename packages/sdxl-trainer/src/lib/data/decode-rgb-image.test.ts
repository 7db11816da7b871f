import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { decodeRgbImage } from './decode-rgb-image.js';

describe('decodeRgbImage', () => {
  it('decodes to RGB bytes, dropping alpha and expanding grey', async () => {
    const rgba = await sharp(Buffer.from([10, 20, 30, 40, 50, 60, 70, 80]), {
      raw: { width: 2, height: 1, channels: 4 },
    })
      .png()
      .toBuffer();
    expect(await decodeRgbImage(rgba)).toEqual({
      data: Buffer.from([10, 20, 30, 50, 60, 70]),
      width: 2,
      height: 1,
    });
    const grey = await sharp(Buffer.from([7, 9]), { raw: { width: 1, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    expect(await decodeRgbImage(grey)).toEqual({
      data: Buffer.from([7, 7, 7, 9, 9, 9]),
      width: 1,
      height: 2,
    });
  });

  it('fails on a PNG cut short, whose header alone still reads', async () => {
    const png = await sharp({
      create: {
        width: 64,
        height: 64,
        channels: 3,
        background: { r: 0, g: 0, b: 0 },
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const truncated = png.subarray(0, png.length >> 1);
    expect(await sharp(truncated).metadata()).toMatchObject({ width: 64, height: 64 });
    await expect(decodeRgbImage(truncated)).rejects.toThrow(/^pngload/);
  });

  it('reports each failing image its own error when several fail at once (libvips logs errors per process)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-decode-'));
    try {
      const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123456' } })
        .png()
        .toBuffer();
      const broken = {
        'cut.png': png.subarray(0, png.length - 20),
        'empty.png': Buffer.alloc(0),
        'text.png': Buffer.from('not an image'),
        'cut-header.png': png.subarray(0, 40),
      };
      const files = Object.keys(broken).map((name) => path.join(dir, name));
      await Promise.all(
        Object.entries(broken).map(([name, bytes]) => writeFile(path.join(dir, name), bytes)),
      );
      const errorOf = (file: string) =>
        decodeRgbImage(file).then(
          () => 'decoded',
          (error: Error) => error.message,
        );
      const alone: string[] = [];
      for (const file of files) alone.push(await errorOf(file));
      expect(alone.every((message) => message !== 'decoded' && !message.includes('\n'))).toBe(true);
      for (let round = 0; round < 60; round++) {
        expect(await Promise.all([...files, ...files].map(errorOf))).toEqual([...alone, ...alone]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
