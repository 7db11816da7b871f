import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Writes `count` small, distinct RGB PNGs (colour gradients with a square whose place depends on the
 * index) and a metadata.csv (`file_name,text`) into `dir`: an imagefolder dataset for training tests.
 */
export async function writeTrainingFolder(dir: string, count: number, size = 32): Promise<void> {
  await mkdir(dir, { recursive: true });
  const rows = ['file_name,text'];
  for (let index = 0; index < count; index++) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inSquare = Math.abs(x - ((index * 7) % size)) < size / 4 && Math.abs(y - size / 2) < size / 4;
        const offset = (y * size + x) * 3;
        pixels[offset] = inSquare ? 255 : (x * 255) / size;
        pixels[offset + 1] = inSquare ? 40 * index : (y * 255) / size;
        pixels[offset + 2] = (index * 60) % 256;
      }
    }
    const name = `image_${index}.png`;
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
      .png()
      .toFile(path.join(dir, name));
    rows.push(`${name},"a picture, number ${index}"`);
  }
  await writeFile(path.join(dir, 'metadata.csv'), `${rows.join('\n')}\n`);
}
