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
});
