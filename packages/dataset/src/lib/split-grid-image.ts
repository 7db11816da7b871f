import path from 'node:path';
import { writeFileAtomic } from '@pixel/files';
import sharp from 'sharp';
import type { TileSelection } from '../types/public.js';
import { SkipError } from './skip-error.js';
import { OUTPUT_FOLDER_HINT } from './output-folder-hint.js';
import { tileFileName } from './tile-file-name.js';

/** Subnet 19's images: a 2048x2048 grid of four 1024x1024 Midjourney images. */
export const GRID_SIZE = 2048;
export const TILE_SIZE = GRID_SIZE / 2;
/** Tiles are lossless PNGs at zlib's default level 6 (sharp's default): smaller files for a little encode time. */
export const TILE_PNG_OPTIONS = { compressionLevel: 6 } as const;

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
 * Decodes a grid image once and writes its tiles as PNGs (atomically) into `outputDir`, returning the
 * file names and sizes. An image that does not decode, or is not 2048x2048, is a `SkipError`; a tile
 * that cannot be written is a `FileSystemError` naming it and the fix.
 */
export async function splitGridImage(
  image: Buffer,
  index: number,
  outputDir: string,
  tiles: TileSelection = 'all',
): Promise<{ name: string; bytes: number }[]> {
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    const meta = await sharp(image).metadata();
    if (meta.width !== GRID_SIZE || meta.height !== GRID_SIZE) {
      throw new SkipError(
        'not-a-2x2-grid',
        `${meta.width}x${meta.height}, expected a ${GRID_SIZE}x${GRID_SIZE} grid of four images`,
      );
    }
    decoded = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof SkipError) throw error;
    throw new SkipError('undecodable', `does not decode: ${(error as Error).message}`);
  }
  const { width, height, channels } = decoded.info;
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
