import path from 'node:path';
import { createSoloRetry } from '@pixel/constraints';
import { writeFileAtomic } from '@pixel/files';
import sharp from 'sharp';
import type { TileSelection } from '../types/public.js';
import { detectImageFormat } from './detect-image-format.js';
import { OUTPUT_FOLDER_HINT } from './output-folder-hint.js';
import { sampleFileName } from './sample-file-name.js';
import { SkipError } from './skip-error.js';
import { tileFileName } from './tile-file-name.js';

/** Midjourney's grids (subnet 19's images): 2048x2048, four 1024x1024 images. */
export const GRID_SIZE = 2048;
export const TILE_SIZE = GRID_SIZE / 2;
/** Tiles are lossless PNGs at zlib's default level 6 (sharp's default): smaller files for a little encode time. */
export const TILE_PNG_OPTIONS = { compressionLevel: 6 } as const;
/**
 * Images from strangers are decoded before anything is written; more pixels than this (a 4096x4096 image, 64 MiB
 * of RGBA) are refused from the header alone, so a small file cannot claim gigabytes of pixels.
 */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** libvips keeps one error log per process: a decode that fails is read again alone so its message is its own. */
const withOwnErrors = createSoloRetry();

/** Tile k (0-based) in reading order: top-left, top-right, bottom-left, bottom-right. */
function tileRegion(k: number): { left: number; top: number; width: number; height: number } {
  return {
    left: (k % 2) * TILE_SIZE,
    top: Math.floor(k / 2) * TILE_SIZE,
    width: TILE_SIZE,
    height: TILE_SIZE,
  };
}

/**
 * Writes a record's samples into `outputDir` and returns their file names and sizes: a 2048x2048 2x2 grid is
 * decoded once and its tiles written as PNGs; an image of any other size is checked to decode and kept whole,
 * its own bytes under its own format (`000000002.jpg`). Every file is written atomically. An image that does not
 * decode, or has more than MAX_IMAGE_PIXELS, is a `SkipError`; a file that cannot be written is a
 * `FileSystemError` naming it and the fix.
 */
export async function writeImageSamples(
  image: Buffer,
  index: number,
  outputDir: string,
  tiles: TileSelection = 'all',
): Promise<{ name: string; bytes: number }[]> {
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    const { width = 0, height = 0 } = await withOwnErrors(() => sharp(image).metadata());
    if (width * height > MAX_IMAGE_PIXELS) {
      throw new SkipError(
        'too-large',
        `${width}x${height} pixels, more than the ${MAX_IMAGE_PIXELS} (4096x4096) an image may have`,
      );
    }
    decoded = await withOwnErrors(() => sharp(image).raw().toBuffer({ resolveWithObject: true }));
  } catch (error) {
    if (error instanceof SkipError) throw error;
    throw new SkipError('undecodable', `does not decode: ${(error as Error).message}`);
  }
  const { width, height, channels } = decoded.info;
  if (width !== GRID_SIZE || height !== GRID_SIZE) {
    // Decoded whole, so the bytes written are a complete image; the format is the one that decoded.
    const name = sampleFileName(index, detectImageFormat(image) ?? 'png');
    await writeFileAtomic(path.join(outputDir, name), image, { elsewhere: OUTPUT_FOLDER_HINT });
    return [{ name, bytes: image.length }];
  }
  const parts = tiles === 'all' ? [0, 1, 2, 3] : [0];
  // Every tile settles before a failure is reported, so no write (or its temporary file) outlives the call.
  const written = await Promise.allSettled(
    parts.map(async (k) => {
      const png = await sharp(decoded.data, { raw: { width, height, channels } })
        .extract(tileRegion(k))
        .png(TILE_PNG_OPTIONS)
        .toBuffer();
      const name = tileFileName(index, k + 1);
      await writeFileAtomic(path.join(outputDir, name), png, { elsewhere: OUTPUT_FOLDER_HINT });
      return { name, bytes: png.length };
    }),
  );
  const failed = written.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return written.map((result) => (result as PromiseFulfilledResult<{ name: string; bytes: number }>).value);
}
