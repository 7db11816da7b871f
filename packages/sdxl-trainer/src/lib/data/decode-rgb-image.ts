import { createSoloRetry } from '@pixel/constraints';
import sharp from 'sharp';

/** An image as training reads it: 8-bit RGB, rows top to bottom, 3 bytes per pixel. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/** libvips keeps one error log per process: a decode that fails is read again alone so its message is its own. */
const withOwnErrors = createSoloRetry();

/**
 * Decodes a whole image (file or bytes) the way training does: every pixel, converted to sRGB (sharp
 * applies an embedded ICC profile), alpha dropped without compositing as PIL's convert("RGB"). A file
 * whose header reads fine can still fail here (a PNG cut short stops in its pixel data), so this is
 * both the training decoder and the check that an image can be trained on. Throws the decoder's error,
 * its lines joined into one.
 */
export async function decodeRgbImage(source: string | Buffer): Promise<RgbImage> {
  const { data, info } = await withOwnErrors(() =>
    sharp(source).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }),
  ).catch((error: unknown) => {
    throw new Error(oneLine(error instanceof Error ? error.message : String(error)));
  });
  if (info.channels !== 3)
    throw new Error(`decoded to ${info.channels} channels where RGB has 3 (${info.width}x${info.height})`);
  return { data, width: info.width, height: info.height };
}

/** libvips ends each message with a newline and may log several: one line for a log entry. */
function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
}
