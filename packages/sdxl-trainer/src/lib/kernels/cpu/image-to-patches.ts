import { forEachPatchTap } from './for-each-patch-tap.js';
import type { PatchGeometry } from './patch-geometry.js';

/**
 * im2col: the k x k patches a convolution reads, one row per output pixel ([batch * outH * outW,
 * kh * kw * channels]), zero outside the image. A convolution is then one matrix product with the filter
 * viewed as [kh * kw * in, out], and its filter gradient one more.
 */
export function imageToPatches(image: Float32Array, g: PatchGeometry): Float32Array {
  if (g.pointwise) return image;
  const patches = new Float32Array(
    g.batch * g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels,
  );
  forEachPatchTap(g, (patch, pixel) => patches.set(image.subarray(pixel, pixel + g.channels), patch));
  return patches;
}
