import { forEachPatchTap } from './for-each-patch-tap.js';
import type { PatchGeometry } from './patch-geometry.js';

/**
 * col2im, the transpose of imageToPatches: sums each patch row's values back onto the pixels they were read
 * from (a convolution's input gradient from its patch gradient).
 */
export function patchesToImage(patches: Float32Array, g: PatchGeometry): Float32Array {
  if (g.pointwise) return patches;
  const image = new Float32Array(g.batch * g.height * g.width * g.channels);
  forEachPatchTap(g, (patch, pixel) => {
    for (let c = 0; c < g.channels; c++) image[pixel + c]! += patches[patch + c]!;
  });
  return image;
}
