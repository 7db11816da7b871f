/** Fixed-point precision of Pillow's 8-bit resampling (PRECISION_BITS = 32 - 8 - 2). */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);
const MAX_SUM = 2 ** (PRECISION_BITS + 8);

/** Per output pixel: first input pixel, number of input pixels, and their fixed-point weights. */
interface Coefficients {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  taps: number;
}

/**
 * Pillow's precompute_coeffs for the bilinear (triangle) filter: the support widens with the
 * shrink factor, which is what antialiases a downscale; weights are normalised per output pixel and
 * rounded to fixed point as normalize_coeffs_8bpc does.
 */
function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(1, scale);
  const support = filterScale; // the triangle's support is 1
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * taps);
  const raw = new Float64Array(taps);
  const inverseScale = 1 / filterScale;
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const distance = Math.abs((x + xmin - center + 0.5) * inverseScale);
      raw[x] = distance < 1 ? 1 - distance : 0;
      total += raw[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const w = total !== 0 ? raw[x]! / total : raw[x]!;
      weights[out * taps + x] = Math.trunc(
        w < 0 ? -0.5 + w * 2 ** PRECISION_BITS : 0.5 + w * 2 ** PRECISION_BITS,
      );
    }
    first[out] = xmin;
    count[out] = xmax;
  }
  return { first, count, weights, taps };
}

function clip8(sum: number): number {
  if (sum >= MAX_SUM) return 255;
  if (sum <= 0) return 0;
  return sum >> PRECISION_BITS;
}

/**
 * Resizes an RGB image (HWC bytes) with Pillow's BILINEAR resampling, the algorithm torchvision's
 * Resize(interpolation=BILINEAR) runs on PIL images: a horizontal pass then a vertical pass, each
 * rounded to 8 bits, in Pillow's fixed-point arithmetic (a transcription of libImaging/Resample.c).
 * Only the source rows the vertical pass reads are resampled horizontally, as Pillow does.
 */
export function resampleBilinear(
  pixels: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (pixels.length !== width * height * 3) {
    throw new Error(
      `resampleBilinear expects ${width}x${height} RGB bytes (${width * height * 3}), got ${pixels.length}.`,
    );
  }
  let source = pixels;
  let rowOffset = 0;
  let rows = height;
  const vertical = outHeight !== height ? coefficients(height, outHeight) : undefined;
  if (outWidth !== width) {
    const h = coefficients(width, outWidth);
    if (vertical) {
      rowOffset = vertical.first[0]!;
      rows = vertical.first[outHeight - 1]! + vertical.count[outHeight - 1]! - rowOffset;
    }
    const out = new Uint8Array(outWidth * rows * 3);
    for (let y = 0; y < rows; y++) {
      const row = (y + rowOffset) * width * 3;
      for (let x = 0; x < outWidth; x++) {
        let r = HALF;
        let g = HALF;
        let b = HALF;
        const start = h.first[x]!;
        const k = x * h.taps;
        for (let i = 0; i < h.count[x]!; i++) {
          const w = h.weights[k + i]!;
          const p = row + (start + i) * 3;
          r += source[p]! * w;
          g += source[p + 1]! * w;
          b += source[p + 2]! * w;
        }
        const o = (y * outWidth + x) * 3;
        out[o] = clip8(r);
        out[o + 1] = clip8(g);
        out[o + 2] = clip8(b);
      }
    }
    source = out;
  }
  if (!vertical) return source === pixels ? pixels.slice() : source;
  const out = new Uint8Array(outWidth * outHeight * 3);
  const stride = outWidth * 3;
  // Row by row (contiguous reads) rather than pixel by pixel: the same sums, in the same order per pixel.
  const sums = new Float64Array(stride);
  for (let y = 0; y < outHeight; y++) {
    const start = vertical.first[y]! - rowOffset;
    const k = y * vertical.taps;
    sums.fill(HALF);
    for (let i = 0; i < vertical.count[y]!; i++) {
      const w = vertical.weights[k + i]!;
      const base = (start + i) * stride;
      for (let x = 0; x < stride; x++) sums[x] = sums[x]! + source[base + x]! * w;
    }
    const row = y * stride;
    for (let x = 0; x < stride; x++) out[row + x] = clip8(sums[x]!);
  }
  return out;
}
