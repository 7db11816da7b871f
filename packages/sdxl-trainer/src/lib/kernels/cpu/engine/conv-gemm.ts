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
 * A convolution (`forward`: bias + patches(x) x W), its input gradient (`input`: dy gathered per input
 * pixel x W^T) or its filter gradient (`filter`: initial + patches(x)^T x dy) as one matrix product on the
 * kernel engine, a group of images at a time as the engine's memory allows; in JavaScript (im2col/col2im
 * and multiplyMatrices) when one image is too large for it. `a` is x (dy for `input`), `b` the filter (dy
 * for `filter`); NHWC images, HWIO filters.
 */
export function convGemm(
  kind: 'forward' | 'input' | 'filter',
  g: PatchGeometry,
  a: Float32Array,
  b: Float32Array,
  start: { bias?: Float32Array; initial?: Float32Array } = {},
): Float32Array {
  const patchSize = g.kernelHeight * g.kernelWidth * g.channels;
  const inPixels = g.height * g.width;
  const outPixels = g.outHeight * g.outWidth;
  const common = { a, b, ...start, bBatched: false, geometry: geometryWords(g) };
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
  const computed = runGemm(gemm);
  if (computed) return computed;
  if (kind === 'filter' && g.batch > 1) {
    // Image by image, each adding to the sum of the ones before (the same order of sums).
    let sum = start.initial;
    for (let image = 0; image < g.batch; image++) {
      sum = convGemm(
        kind,
        { ...g, batch: 1 },
        a.subarray(image * inPixels * g.channels, (image + 1) * inPixels * g.channels),
        b.subarray(image * outPixels * g.outChannels, (image + 1) * outPixels * g.outChannels),
        { initial: sum },
      );
    }
    return sum!;
  }
  return convInJavaScript(kind, g, a, b, start);
}

function convInJavaScript(
  kind: 'forward' | 'input' | 'filter',
  g: PatchGeometry,
  a: Float32Array,
  b: Float32Array,
  { bias, initial }: { bias?: Float32Array; initial?: Float32Array },
): Float32Array {
  const rows = g.batch * g.outHeight * g.outWidth;
  const patchSize = g.kernelHeight * g.kernelWidth * g.channels;
  if (kind === 'forward') {
    const out = new Float32Array(rows * g.outChannels);
    if (bias) for (let row = 0; row < rows; row++) out.set(bias, row * g.outChannels);
    const shape = { m: rows, k: patchSize, n: g.outChannels, transposeA: false, transposeB: false };
    multiplyMatrices(imageToPatches(a, g), b, out, shape, bias !== undefined);
    return out;
  }
  if (kind === 'filter') {
    const out = initial ? initial.slice() : new Float32Array(patchSize * g.outChannels);
    const shape = { m: patchSize, k: rows, n: g.outChannels, transposeA: true, transposeB: false };
    multiplyMatrices(imageToPatches(a, g), b, out, shape, initial !== undefined);
    return out;
  }
  const patchGradient = new Float32Array(rows * patchSize);
  const shape = { m: rows, k: g.outChannels, n: patchSize, transposeA: false, transposeB: true };
  multiplyMatrices(a, b, patchGradient, shape);
  return patchesToImage(patchGradient, g);
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
