import type { PatchGeometry } from './patch-geometry.js';

/**
 * Calls `visit(patchOffset, pixelOffset)` for every in-image tap of every output pixel: where the tap's
 * `channels` values sit in the patch matrix ([batch * outH * outW, kh * kw * channels], columns in
 * (ky, kx, channel) order, the memory order of an HWIO filter) and in the NHWC image. Taps in the padding
 * are skipped (they are zero).
 */
export function forEachPatchTap(
  g: PatchGeometry,
  visit: (patchOffset: number, pixelOffset: number) => void,
): void {
  const columns = g.kernelHeight * g.kernelWidth * g.channels;
  let row = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++, row++) {
        for (let ky = 0; ky < g.kernelHeight; ky++) {
          const y = oy * g.strideHeight + ky - g.padTop;
          if (y < 0 || y >= g.height) continue;
          for (let kx = 0; kx < g.kernelWidth; kx++) {
            const x = ox * g.strideWidth + kx - g.padLeft;
            if (x < 0 || x >= g.width) continue;
            visit(
              row * columns + (ky * g.kernelWidth + kx) * g.channels,
              ((b * g.height + y) * g.width + x) * g.channels,
            );
          }
        }
      }
    }
  }
}
