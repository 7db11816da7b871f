import { imageToPatches } from '../image-to-patches.js';
import { multiplyMatrices } from '../multiply-matrices.js';
import type { PatchGeometry } from '../patch-geometry.js';
import { patchesToImage } from '../patches-to-image.js';
import {
  A_COLUMNS,
  A_GATHER,
  A_PATCH_COLUMNS,
  A_PATCHES,
  A_ROWS,
  B_COLUMNS,
  B_FILTER_TRANSPOSED,
  B_ROWS,
  runGemm,
  type Gemm,
} from './run-gemm.js';

/**
 * A convolution (`forward`: out (+)= patches(x) x W), its input gradient (`input`: out = dy gathered per
 * input pixel x W^T) or its filter gradient (`filter`: out = patches(x)^T x dy) as one matrix product on the
 * kernel engine, an image at a time as the engine's memory allows; in JavaScript (im2col/col2im and
 * multiplyMatrices) when one image is too large for it. `a` is x (dy for `input`), `b` the filter (dy for
 * `filter`); NHWC images, HWIO filters.
 */
export function convGemm(
  kind: 'forward' | 'input' | 'filter',
  g: PatchGeometry,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  accumulate: boolean,
): void {
  const patchSize = g.kernelHeight * g.kernelWidth * g.channels;
  const inPixels = g.height * g.width;
  const outPixels = g.outHeight * g.outWidth;
  const common = { a, b, out, overwrite: !accumulate, bBatched: false, geometry: geometryWords(g) };
  let gemm: Gemm;
  if (kind === 'forward') {
    gemm = {
      ...common,
      aMode: g.pointwise ? A_ROWS : A_PATCHES,
      bMode: B_ROWS,
      batch: g.batch,
      aBatched: g.batch > 1,
      m: outPixels,
      k: patchSize,
      n: g.outChannels,
    };
  } else if (kind === 'input') {
    gemm = {
      ...common,
      aMode: g.pointwise ? A_ROWS : A_GATHER,
      bMode: g.pointwise ? B_COLUMNS : B_FILTER_TRANSPOSED,
      batch: g.batch,
      aBatched: g.batch > 1,
      m: inPixels,
      k: g.kernelHeight * g.kernelWidth * g.outChannels,
      n: g.channels,
    };
  } else {
    gemm = {
      ...common,
      aMode: g.pointwise ? A_COLUMNS : A_PATCH_COLUMNS,
      bMode: B_ROWS,
      batch: 1,
      aBatched: false,
      m: patchSize,
      k: g.batch * outPixels,
      n: g.outChannels,
    };
  }
  if (runGemm(gemm)) return;
  if (kind === 'filter' && g.batch > 1) {
    // Image by image, each adding to the sum of the ones before (the same order of sums).
    for (let image = 0; image < g.batch; image++) {
      convGemm(
        kind,
        { ...g, batch: 1 },
        a.subarray(image * inPixels * g.channels, (image + 1) * inPixels * g.channels),
        b.subarray(image * outPixels * g.outChannels, (image + 1) * outPixels * g.outChannels),
        out,
        accumulate || image > 0,
      );
    }
    return;
  }
  convInJavaScript(kind, g, a, b, out, accumulate);
}

function convInJavaScript(
  kind: 'forward' | 'input' | 'filter',
  g: PatchGeometry,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  accumulate: boolean,
): void {
  const rows = g.batch * g.outHeight * g.outWidth;
  const patchSize = g.kernelHeight * g.kernelWidth * g.channels;
  if (kind === 'forward') {
    const shape = { m: rows, k: patchSize, n: g.outChannels, transposeA: false, transposeB: false };
    multiplyMatrices(imageToPatches(a, g), b, out, shape, accumulate);
  } else if (kind === 'filter') {
    const shape = { m: patchSize, k: rows, n: g.outChannels, transposeA: true, transposeB: false };
    multiplyMatrices(imageToPatches(a, g), b, out, shape, accumulate);
  } else {
    const patchGradient = new Float32Array(rows * patchSize);
    const shape = { m: rows, k: g.outChannels, n: patchSize, transposeA: false, transposeB: true };
    multiplyMatrices(a, b, patchGradient, shape);
    const image = patchesToImage(patchGradient, g);
    if (accumulate) for (let i = 0; i < out.length; i++) out[i]! += image[i]!;
    else out.set(image);
  }
}

/** The geometry as assembly/geometry.ts reads it. */
function geometryWords(g: PatchGeometry): number[] {
  return [
    g.batch,
    g.height,
    g.width,
    g.channels,
    g.kernelHeight,
    g.kernelWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    g.outHeight,
    g.outWidth,
    g.outChannels,
  ];
}
