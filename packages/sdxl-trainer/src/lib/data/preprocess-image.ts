import sharp from 'sharp';
import type { RandomGenerator } from '../random/random-generator.js';
import type { PreprocessOptions, PreprocessedImage } from './types.js';

/** ToTensor (x / 255 in float32) then Normalize(0.5, 0.5) ((x - 0.5) / 0.5 in float32), per byte value. */
const NORMALIZED = Float32Array.from(
  { length: 256 },
  (_, v) => Math.fround(Math.fround(v / 255) - 0.5) / 0.5,
);

/** Python's round(): halves go to the even neighbour (torchvision's CenterCrop uses it). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The training transform of diffusers' train_text_to_image_sdxl.py, with sharp: convert to RGB,
 * resize the shorter side to `resolution` (torchvision Resize: the longer side becomes
 * int(resolution * long / short)), center crop (torchvision's rounding) or random crop (top, then
 * left, uniform; no draw when the resized image is already square at the resolution), optional
 * horizontal flip (one uniform draw, flip below 0.5), then ToTensor + Normalize(0.5, 0.5) as a
 * [3, resolution, resolution] Float32Array.
 *
 * Differences from PIL/torchvision: the resize is sharp's (libvips) bilinear kernel, which like PIL's
 * widens its support when shrinking (antialiasing), but rounds differently, so pixels may differ by
 * a few levels of 255 after a resize (identical when no resize is needed). sharp converts images with
 * an embedded ICC profile to sRGB and drops alpha without compositing, as PIL's convert("RGB").
 * The flip keeps the diffusers script's crop_top_left arithmetic (left = resolution - left).
 */
export async function preprocessImage(
  source: string | Buffer,
  options: PreprocessOptions,
  random: RandomGenerator,
): Promise<PreprocessedImage> {
  const { resolution } = options;
  const name = typeof source === 'string' ? source : 'image';
  const image = sharp(source);
  let width: number;
  let height: number;
  try {
    const metadata = await image.metadata();
    if (!metadata.width || !metadata.height) throw new Error('no size in its header');
    ({ width, height } = metadata);
  } catch (error) {
    throw new Error(
      `${name} is not a readable image: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }

  const shorter = Math.min(width, height);
  const longer = Math.max(width, height);
  const resizedLong = Math.trunc((resolution * longer) / shorter);
  const [resizedWidth, resizedHeight] =
    width <= height ? [resolution, resizedLong] : [resizedLong, resolution];

  let top: number;
  let left: number;
  if (options.centerCrop) {
    top = Math.max(0, roundHalfEven((resizedHeight - resolution) / 2));
    left = Math.max(0, roundHalfEven((resizedWidth - resolution) / 2));
  } else if (resizedHeight === resolution && resizedWidth === resolution) {
    top = 0;
    left = 0;
  } else {
    top = random.integer(resizedHeight - resolution + 1);
    left = random.integer(resizedWidth - resolution + 1);
  }
  const flip = options.randomFlip && random.uniform() < 0.5;

  let pipeline = image.removeAlpha().toColourspace('srgb');
  if (resizedWidth !== width || resizedHeight !== height) {
    pipeline = pipeline.resize(resizedWidth, resizedHeight, { kernel: 'linear', fit: 'fill' });
  }
  if (resizedWidth !== resolution || resizedHeight !== resolution) {
    pipeline = pipeline.extract({ left, top, width: resolution, height: resolution });
  }
  let pixels: Buffer;
  try {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.width !== resolution || info.height !== resolution || info.channels !== 3) {
      throw new Error(
        `decoded to ${info.width}x${info.height}x${info.channels}, expected ${resolution}x${resolution}x3`,
      );
    }
    pixels = data;
  } catch (error) {
    throw new Error(
      `${name} could not be decoded: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }

  // HWC bytes to CHW floats; the flip is done here so it mirrors the crop, not the source image.
  const plane = resolution * resolution;
  const pixelValues = new Float32Array(3 * plane);
  for (let y = 0; y < resolution; y++) {
    for (let x = 0; x < resolution; x++) {
      const from = 3 * (y * resolution + (flip ? resolution - 1 - x : x));
      const to = y * resolution + x;
      pixelValues[to] = NORMALIZED[pixels[from]!]!;
      pixelValues[plane + to] = NORMALIZED[pixels[from + 1]!]!;
      pixelValues[2 * plane + to] = NORMALIZED[pixels[from + 2]!]!;
    }
  }
  return { pixelValues, originalSize: [height, width], cropTopLeft: [top, flip ? resolution - left : left] };
}
