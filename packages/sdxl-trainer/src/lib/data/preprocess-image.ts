import { roundHalfEven } from '@pixel/constraints';
import type { RandomGenerator } from '../random/random-generator.js';
import { decodeRgbImage, type RgbImage } from './decode-rgb-image.js';
import { resampleBilinear } from './resample-bilinear.js';
import type { PreprocessOptions, PreprocessedImage } from './types.js';

/** ToTensor (x / 255 in float32) then Normalize(0.5, 0.5) ((x - 0.5) / 0.5 in float32), per byte value. */
const NORMALIZED = Float32Array.from(
  { length: 256 },
  (_, v) => Math.fround(Math.fround(v / 255) - 0.5) / 0.5,
);

/**
 * The training transform of diffusers' train_text_to_image_sdxl.py: convert to RGB, resize the
 * shorter side to `resolution` (torchvision Resize on a PIL image: the longer side becomes
 * int(resolution * long / short), Pillow's BILINEAR resampling, no resampling when the size is already
 * right), center crop (torchvision's rounding) or random crop (top, then left, uniform draws), optional
 * horizontal flip (one uniform draw, flip below 0.5), then ToTensor + Normalize(0.5, 0.5) as a
 * [3, resolution, resolution] Float32Array.
 *
 * sharp (libvips) decodes ({@link decodeRgbImage}); the resize is {@link resampleBilinear}, a transcription of Pillow's
 * fixed-point resampler, not sharp's own bilinear kernel (which rounds differently and is off by a few
 * levels). Remaining differences from PIL are in decoding: sharp converts images with an embedded ICC
 * profile to sRGB (PIL ignores the profile), and JPEG decoders may differ by a level here and there.
 * Alpha is dropped without compositing, as PIL's convert("RGB"). The flip keeps the diffusers
 * script's crop_top_left arithmetic (left = resolution - left).
 */
export async function preprocessImage(
  source: string | Buffer,
  options: PreprocessOptions,
  random: RandomGenerator,
): Promise<PreprocessedImage> {
  const { resolution } = options;
  let decoded: RgbImage;
  try {
    decoded = await decodeRgbImage(source);
  } catch (error) {
    const name = typeof source === 'string' ? source : 'image';
    throw new Error(
      `${name} is not a readable image: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const { width, height } = decoded;
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

  const resized =
    resizedWidth === width && resizedHeight === height
      ? decoded.data
      : resampleBilinear(decoded.data, width, height, resizedWidth, resizedHeight);

  // Crop, flip and HWC bytes to normalised CHW floats in one pass; the flip mirrors the crop.
  const plane = resolution * resolution;
  const pixelValues = new Float32Array(3 * plane);
  for (let y = 0; y < resolution; y++) {
    const row = (top + y) * resizedWidth;
    for (let x = 0; x < resolution; x++) {
      const from = 3 * (row + left + (flip ? resolution - 1 - x : x));
      const to = y * resolution + x;
      pixelValues[to] = NORMALIZED[resized[from]!]!;
      pixelValues[plane + to] = NORMALIZED[resized[from + 1]!]!;
      pixelValues[2 * plane + to] = NORMALIZED[resized[from + 2]!]!;
    }
  }
  return {
    pixelValues,
    originalSize: [height, width],
    cropTopLeft: [top, flip ? resolution - left : left],
    flipped: flip,
  };
}
