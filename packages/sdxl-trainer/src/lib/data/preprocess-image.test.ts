import path from 'node:path';
import sharp from 'sharp';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import { RandomGenerator } from '../random/random-generator.js';
import { preprocessImage } from './preprocess-image.js';
import { SHARED } from '@pixel-tools/test-support';

const FIXTURE = SHARED.tinyPipeline;
const normalized = (byte: number) => Math.fround(Math.fround(byte / 255) - 0.5) / 0.5;

/** A PNG whose red channel at column x is x (mod 256), green = row, blue = 7. */
function gradientPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x % 256, y % 256, 7], 3 * (y * width + x));
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

describe('preprocessImage', () => {
  it("reproduces the tiny-sdxl-pipe fixture's vae.pixel_values bit for bit (64x64 images at resolution 64: no resize, crop at 0,0)", async () => {
    let expected: Float32Array | undefined;
    for await (const t of readSafetensors(path.join(FIXTURE, 'expected.safetensors'), {
      names: ['vae.pixel_values'],
    })) {
      expected = t.data as Float32Array;
    }
    const plane = 3 * 64 * 64;
    for (const i of [0, 1]) {
      for (const centerCrop of [true, false]) {
        const image = await preprocessImage(
          path.join(FIXTURE, `images/image_${i}.png`),
          { resolution: 64, centerCrop, randomFlip: false },
          RandomGenerator.fromSeed(i),
        );
        expect(image.originalSize).toEqual([64, 64]);
        expect(image.cropTopLeft).toEqual([0, 0]);
        expect(image.pixelValues).toEqual(expected!.subarray(i * plane, (i + 1) * plane));
      }
    }
  });

  it('crops a random square from the longer side and records where, exactly', async () => {
    const png = await gradientPng(128, 64); // shorter side already 64: no resize
    const random = RandomGenerator.fromSeed(3);
    const lefts = new Set<number>();
    for (let trial = 0; trial < 20; trial++) {
      const { pixelValues, cropTopLeft, originalSize } = await preprocessImage(
        png,
        { resolution: 64, centerCrop: false, randomFlip: false },
        random,
      );
      const [top, left] = cropTopLeft;
      expect(originalSize).toEqual([64, 128]);
      expect(top).toBe(0);
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left).toBeLessThanOrEqual(64);
      lefts.add(left);
      expect(pixelValues[0]).toBe(normalized(left)); // red of (0, 0) is the source column
      expect(pixelValues[63]).toBe(normalized(left + 63));
      expect(pixelValues[64 * 64 + 5 * 64]).toBe(normalized(5)); // green of row 5
      expect(pixelValues[2 * 64 * 64]).toBe(normalized(7));
    }
    expect(lefts.size).toBeGreaterThan(5);
  });

  it('flips the crop, not the source, and records left as diffusers does (resolution - left)', async () => {
    const png = await gradientPng(128, 64);
    const options = { resolution: 64, centerCrop: false, randomFlip: true };
    const random = RandomGenerator.fromSeed(11);
    let flips = 0;
    for (let trial = 0; trial < 20; trial++) {
      const twin = random.clone();
      twin.integer(1); // the top offset: one draw even when only 0 is possible, as torch.randint
      const left = twin.integer(65);
      const flip = twin.uniform() < 0.5;
      const { pixelValues, cropTopLeft, flipped } = await preprocessImage(png, options, random);
      expect(flipped).toBe(flip);
      expect(cropTopLeft).toEqual([0, flip ? 64 - left : left]);
      expect(pixelValues[0]).toBe(normalized(flip ? left + 63 : left));
      if (flip) flips++;
    }
    expect(flips).toBeGreaterThan(3);
    expect(flips).toBeLessThan(17);
  });

  it('resizes the shorter side (longer = int(res * long / short)) and center crops with Python rounding', async () => {
    const png = await gradientPng(100, 60);
    const { cropTopLeft, originalSize, pixelValues } = await preprocessImage(
      png,
      { resolution: 32, centerCrop: true, randomFlip: false },
      RandomGenerator.fromSeed(0),
    );
    // 100x60 -> 53x32; (53 - 32) / 2 = 10.5 rounds to the even 10.
    expect(originalSize).toEqual([60, 100]);
    expect(cropTopLeft).toEqual([0, 10]);
    expect(pixelValues).toHaveLength(3 * 32 * 32);
    expect(Math.min(...pixelValues)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...pixelValues)).toBeLessThanOrEqual(1);
  });

  it("resizes with Pillow's bilinear: a 3x shrink of a 1-in-3 line pattern gives exactly 85 inside, 96 at the border", async () => {
    // Pillow widens the triangle to 3 px when shrinking 3x (antialiasing): 255 / 3 = 85 away from the
    // borders; point-sampled bilinear would give 0 (every output center lands on a black column).
    const width = 192;
    const data = Buffer.alloc(width * width * 3);
    for (let i = 0; i < width * width; i++) data.fill(i % 3 === 0 ? 255 : 0, 3 * i, 3 * i + 3);
    const png = await sharp(data, { raw: { width, height: width, channels: 3 } })
      .png()
      .toBuffer();
    const { pixelValues } = await preprocessImage(
      png,
      { resolution: 64, centerCrop: true, randomFlip: false },
      RandomGenerator.fromSeed(0),
    );
    const row = Array.from(pixelValues.subarray(32 * 64, 33 * 64));
    expect(row[0]).toBe(normalized(96));
    expect(row.slice(1, 63)).toEqual(new Array(62).fill(normalized(85)));
  });

  it('converts grayscale and RGBA to RGB (alpha dropped, not composited, as PIL convert("RGB"))', async () => {
    const gray = await sharp(Buffer.alloc(16 * 16, 200), { raw: { width: 16, height: 16, channels: 1 } })
      .png()
      .toBuffer();
    const g = await preprocessImage(
      gray,
      { resolution: 16, centerCrop: true, randomFlip: false },
      RandomGenerator.fromSeed(0),
    );
    expect(new Set(g.pixelValues)).toEqual(new Set([normalized(200)]));
    const rgba = Buffer.alloc(16 * 16 * 4);
    for (let i = 0; i < 256; i++) rgba.set([10, 20, 30, 0], 4 * i);
    const png = await sharp(rgba, { raw: { width: 16, height: 16, channels: 4 } })
      .png()
      .toBuffer();
    const c = await preprocessImage(
      png,
      { resolution: 16, centerCrop: true, randomFlip: false },
      RandomGenerator.fromSeed(0),
    );
    expect([c.pixelValues[0], c.pixelValues[256], c.pixelValues[512]]).toEqual([
      normalized(10),
      normalized(20),
      normalized(30),
    ]);
  });

  it('names the image it cannot read', async () => {
    await expect(
      preprocessImage(
        Buffer.from('not an image'),
        { resolution: 16, centerCrop: true, randomFlip: false },
        RandomGenerator.fromSeed(0),
      ),
    ).rejects.toThrow(/^image is not a readable image: /);
    await expect(
      preprocessImage(
        '/nonexistent/x.png',
        { resolution: 16, centerCrop: true, randomFlip: false },
        RandomGenerator.fromSeed(0),
      ),
    ).rejects.toThrow(/^\/nonexistent\/x\.png is not a readable image/);
  });
});
