// Blocked matrix products with WebAssembly SIMD: C (+)= op(A) x op(B), every output element summed over k
// in order (p = 0, 1, ...) in float32, whatever the block or thread computes it, so results do not depend
// on how the work is split. B is packed once into panels of 8 columns ([panel][p][8], zero-padded); each
// thread packs 4 rows of A at a time ([p][4], zero-padded) straight from the operand's layout (a matrix,
// its transpose, or a convolution's patches read from the image, so im2col never exists in memory) and
// runs the 4 x 8 register block over every panel.

import { geometry } from './geometry';

export const MR: i32 = 4;
export const NR: i32 = 8;

/** How a block of A's rows is read. */
export const A_ROWS: i32 = 0; // A [m, k]
export const A_COLUMNS: i32 = 1; // A given as [k, m] (transposeA)
export const A_PATCHES: i32 = 2; // rows are output pixels, p = (tap, channel): a convolution
export const A_GATHER: i32 = 3; // rows are input pixels, p = (tap, out channel): a convolution's input gradient
export const A_PATCH_COLUMNS: i32 = 4; // rows are (tap, channel), p = output pixel: a filter gradient

/** How B is read. */
export const B_ROWS: i32 = 0; // B [k, n]
export const B_COLUMNS: i32 = 1; // B given as [n, k] (transposeB)
export const B_FILTER_TRANSPOSED: i32 = 2; // B[(tap, o), c] = W[tap, c, o] (a conv's input gradient)

/** Packs panels [first, last) of `batches` B matrices: panel index = batch * panels + panel. */
export function packB(
  mode: i32,
  b: usize,
  k: i32,
  n: i32,
  batchStride: usize,
  packed: usize,
  first: i32,
  last: i32,
): void {
  const panels = (n + NR - 1) / NR;
  const g = geometry();
  for (let unit = first; unit < last; unit++) {
    const batch = unit / panels;
    const j0 = (unit % panels) * NR;
    const source = b + <usize>batch * batchStride * 4;
    let out = packed + <usize>unit * <usize>k * NR * 4;
    const width = min(NR, n - j0);
    if (mode == B_ROWS && width == NR) {
      for (let p = 0; p < k; p++) {
        const row = source + (<usize>p * n + j0) * 4;
        v128.store(out, v128.load(row));
        v128.store(out, v128.load(row, 16), 16);
        out += NR * 4;
      }
      continue;
    }
    if (mode == B_COLUMNS && width == NR) {
      // Eight rows of B's [n, k] storage, each read along k.
      const rows = source + <usize>j0 * k * 4;
      interleaveRows(rows, <usize>k * 4, k, out);
      continue;
    }
    if (mode == B_FILTER_TRANSPOSED && width == NR) {
      // For each tap, eight input channels' rows of W[tap] ([c][o]), each read along o.
      const taps = g.kernelHeight * g.kernelWidth;
      for (let tap = 0; tap < taps; tap++) {
        const rows = source + (<usize>tap * g.channels + j0) * g.outChannels * 4;
        interleaveRows(
          rows,
          <usize>g.outChannels * 4,
          g.outChannels,
          out + <usize>tap * g.outChannels * NR * 4,
        );
      }
      continue;
    }
    for (let p = 0; p < k; p++) {
      for (let jj = 0; jj < NR; jj++) {
        let value: f32 = 0;
        if (jj < width) {
          const j = j0 + jj;
          if (mode == B_ROWS) value = load<f32>(source + (<usize>p * n + j) * 4);
          else if (mode == B_COLUMNS) value = load<f32>(source + (<usize>j * k + p) * 4);
          else {
            // p = tap * outChannels + o; W is [tap][c = j][o]
            const o = p % g.outChannels;
            const tap = p / g.outChannels;
            value = load<f32>(source + ((<usize>tap * g.channels + j) * g.outChannels + o) * 4);
          }
        }
        store<f32>(out + jj * 4, value);
      }
      out += NR * 4;
    }
  }
}

/** Writes 8 rows (`stride` bytes apart, `length` values each) interleaved as [length][8] at `out`. */
function interleaveRows(rows: usize, stride: usize, length: i32, out: usize): void {
  interleave4(rows, rows + stride, rows + 2 * stride, rows + 3 * stride, length, out, NR * 4);
  const upper = rows + 4 * stride;
  interleave4(upper, upper + stride, upper + 2 * stride, upper + 3 * stride, length, out + 16, NR * 4);
}

/** Fills `ap` ([k][4]) with rows i0..i0+3 of op(A), zeros past m. */
function packA(mode: i32, a: usize, m: i32, k: i32, i0: i32, ap: usize): void {
  const rows = min(MR, m - i0);
  if (mode == A_ROWS) {
    const row = <usize>k * 4;
    const s0 = a + <usize>i0 * row;
    interleave4(
      s0,
      rows > 1 ? s0 + row : 0,
      rows > 2 ? s0 + 2 * row : 0,
      rows > 3 ? s0 + 3 * row : 0,
      k,
      ap,
      16,
    );
  } else if (mode == A_COLUMNS) {
    if (rows == MR) {
      for (let p = 0; p < k; p++) v128.store(ap + <usize>p * 16, v128.load(a + (<usize>p * m + i0) * 4));
    } else {
      for (let p = 0; p < k; p++) {
        for (let r = 0; r < MR; r++) {
          store<f32>(ap + (<usize>p * MR + r) * 4, r < rows ? load<f32>(a + (<usize>p * m + i0 + r) * 4) : 0);
        }
      }
    }
  } else if (mode == A_PATCHES) packPatches(a, i0, rows, ap);
  else if (mode == A_GATHER) packGather(a, i0, rows, ap);
  else packPatchColumns(a, k, i0, rows, ap);
}

/**
 * Writes `length` values from each of four rows interleaved, value c of row r at out + c * outStride + r * 4:
 * row r from address s_r, or zeros where s_r is 0 (address 0 is never data). Four values of each row at a
 * time, transposed in registers.
 */
function interleave4(
  s0: usize,
  s1: usize,
  s2: usize,
  s3: usize,
  length: i32,
  out: usize,
  outStride: usize,
): void {
  const zero = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= length; c += 4) {
    const at = <usize>c * 4;
    const r0 = s0 ? v128.load(s0 + at) : zero;
    const r1 = s1 ? v128.load(s1 + at) : zero;
    const r2 = s2 ? v128.load(s2 + at) : zero;
    const r3 = s3 ? v128.load(s3 + at) : zero;
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    const target = out + <usize>c * outStride;
    v128.store(target, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
    v128.store(target + outStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
    v128.store(target + 2 * outStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
    v128.store(target + 3 * outStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
  }
  for (; c < length; c++) {
    const at = <usize>c * 4;
    const target = out + <usize>c * outStride;
    store<f32>(target, s0 ? load<f32>(s0 + at) : 0);
    store<f32>(target, s1 ? load<f32>(s1 + at) : 0, 4);
    store<f32>(target, s2 ? load<f32>(s2 + at) : 0, 8);
    store<f32>(target, s3 ? load<f32>(s3 + at) : 0, 12);
  }
}

/** Rows = output pixels (batch, oy, ox) of a convolution, p = (ky, kx, c): the image under each tap. */
function packPatches(image: usize, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  for (let ky = 0; ky < g.kernelHeight; ky++) {
    for (let kx = 0; kx < g.kernelWidth; kx++) {
      const out = ap + <usize>((ky * g.kernelWidth + kx) * g.channels) * 16;
      const s0 = patchSource(image, i0, ky, kx);
      const s1 = rows > 1 ? patchSource(image, i0 + 1, ky, kx) : 0;
      const s2 = rows > 2 ? patchSource(image, i0 + 2, ky, kx) : 0;
      const s3 = rows > 3 ? patchSource(image, i0 + 3, ky, kx) : 0;
      interleave4(s0, s1, s2, s3, g.channels, out, 16);
    }
  }
}

/** Where tap (ky, kx) of output pixel `row` reads the image, or 0 in the padding. */
function patchSource(image: usize, row: i32, ky: i32, kx: i32): usize {
  const g = geometry();
  const pixels = g.outHeight * g.outWidth;
  const b = row / pixels;
  const y = ((row % pixels) / g.outWidth) * g.strideHeight + ky - g.padTop;
  const x = (row % g.outWidth) * g.strideWidth + kx - g.padLeft;
  if (y < 0 || y >= g.height || x < 0 || x >= g.width) return 0;
  return image + <usize>(((b * g.height + y) * g.width + x) * g.channels) * 4;
}

/**
 * Rows = input pixels (batch, y, x), p = (ky, kx, o): the output gradient each tap of the input pixel
 * contributed to (zero where no output pixel read it, e.g. the odd taps of a stride-2 convolution).
 */
function packGather(dy: usize, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  for (let ky = 0; ky < g.kernelHeight; ky++) {
    for (let kx = 0; kx < g.kernelWidth; kx++) {
      const out = ap + <usize>((ky * g.kernelWidth + kx) * g.outChannels) * 16;
      const s0 = gatherSource(dy, i0, ky, kx);
      const s1 = rows > 1 ? gatherSource(dy, i0 + 1, ky, kx) : 0;
      const s2 = rows > 2 ? gatherSource(dy, i0 + 2, ky, kx) : 0;
      const s3 = rows > 3 ? gatherSource(dy, i0 + 3, ky, kx) : 0;
      interleave4(s0, s1, s2, s3, g.outChannels, out, 16);
    }
  }
}

/** The output gradient that tap (ky, kx) of input pixel `row` contributed to, or 0 where none did. */
function gatherSource(dy: usize, row: i32, ky: i32, kx: i32): usize {
  const g = geometry();
  const pixels = g.height * g.width;
  const b = row / pixels;
  const sy = (row % pixels) / g.width + g.padTop - ky;
  const sx = (row % g.width) + g.padLeft - kx;
  if (sy < 0 || sx < 0 || sy % g.strideHeight != 0 || sx % g.strideWidth != 0) return 0;
  const oy = sy / g.strideHeight;
  const ox = sx / g.strideWidth;
  if (oy >= g.outHeight || ox >= g.outWidth) return 0;
  return dy + <usize>(((b * g.outHeight + oy) * g.outWidth + ox) * g.outChannels) * 4;
}

/** Rows = patch columns q = (ky, kx, c), p = output pixel (batch, oy, ox): patches transposed. */
function packPatchColumns(image: usize, k: i32, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  const channels = g.channels;
  if (rows == MR && channels % MR == 0) {
    // The four columns are four neighbouring channels of one tap: one load per output pixel.
    const tap = i0 / channels;
    const c = i0 % channels;
    const ky = tap / g.kernelWidth;
    const kx = tap % g.kernelWidth;
    const zero = f32x4.splat(0);
    let b = 0;
    let oy = 0;
    let ox = 0;
    for (let p = 0; p < k; p++) {
      const y = oy * g.strideHeight + ky - g.padTop;
      const x = ox * g.strideWidth + kx - g.padLeft;
      const inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
      const at = image + <usize>(((b * g.height + y) * g.width + x) * channels + c) * 4;
      v128.store(ap + <usize>p * 16, inside ? v128.load(at) : zero);
      if (++ox == g.outWidth) {
        ox = 0;
        if (++oy == g.outHeight) {
          oy = 0;
          b++;
        }
      }
    }
    return;
  }
  for (let r = 0; r < MR; r++) {
    let out = ap + r * 4;
    if (r >= rows) {
      for (let p = 0; p < k; p++) store<f32>(out + <usize>p * 16, 0);
      continue;
    }
    const q = i0 + r;
    const tap = q / channels;
    const c = q % channels;
    const ky = tap / g.kernelWidth;
    const kx = tap % g.kernelWidth;
    let b = 0;
    let oy = 0;
    let ox = 0;
    for (let p = 0; p < k; p++) {
      const y = oy * g.strideHeight + ky - g.padTop;
      const x = ox * g.strideWidth + kx - g.padLeft;
      let value: f32 = 0;
      if (y >= 0 && y < g.height && x >= 0 && x < g.width) {
        value = load<f32>(image + <usize>(((b * g.height + y) * g.width + x) * channels + c) * 4);
      }
      store<f32>(out, value);
      out += 16;
      if (++ox == g.outWidth) {
        ox = 0;
        if (++oy == g.outHeight) {
          oy = 0;
          b++;
        }
      }
    }
  }
}

/**
 * s + a * b, fused (one rounding) where the module is built with relaxed SIMD (the hardware's fused
 * multiply-add: twice the arithmetic per cycle), else a product and a sum.
 */
function multiplyAdd(a: v128, b: v128, s: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, s);
  return f32x4.add(s, f32x4.mul(a, b));
}

/**
 * C[0..4][0..8] = init + Ap x Bp over k, C with row stride ldc floats; the initial rows are read at `init`,
 * `initStride` bytes apart (C itself to add to it, a bias row with stride 0, or zeros).
 */
function kernel4x8(ap: usize, bp: usize, k: i32, c: usize, ldc: usize, init: usize, initStride: usize): void {
  const c1 = c + ldc * 4;
  const c2 = c1 + ldc * 4;
  const c3 = c2 + ldc * 4;
  let s00 = v128.load(init);
  let s01 = v128.load(init, 16);
  let s10 = v128.load(init + initStride);
  let s11 = v128.load(init + initStride, 16);
  let s20 = v128.load(init + 2 * initStride);
  let s21 = v128.load(init + 2 * initStride, 16);
  let s30 = v128.load(init + 3 * initStride);
  let s31 = v128.load(init + 3 * initStride, 16);
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    s00 = multiplyAdd(a0, b0, s00);
    s01 = multiplyAdd(a0, b1, s01);
    const a1 = v128.load32_splat(ap, 4);
    s10 = multiplyAdd(a1, b0, s10);
    s11 = multiplyAdd(a1, b1, s11);
    const a2 = v128.load32_splat(ap, 8);
    s20 = multiplyAdd(a2, b0, s20);
    s21 = multiplyAdd(a2, b1, s21);
    const a3 = v128.load32_splat(ap, 12);
    s30 = multiplyAdd(a3, b0, s30);
    s31 = multiplyAdd(a3, b1, s31);
    ap += 16;
    bp += 32;
  }
  v128.store(c, s00);
  v128.store(c, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

/** How C starts: zeros, a bias row (n values, padded to a multiple of 8), or what C holds. */
export const INIT_ZERO: i32 = 0;
export const INIT_BIAS: i32 = 1;
export const INIT_ADD: i32 = 2;
/** 32 bytes of zeros: addresses below 1024 are never written (the caller's arguments start there). */
const ZEROS: usize = 512;

/**
 * Row blocks [first, last) of C (block index = batch * ceil(m / 4) + block): C[batch] = init + op(A[batch])
 * x B[batch] with B packed by packB. `ap` and `tile` are this thread's scratch (k * 16 and 128 bytes).
 * Batch strides are in floats; a stride of 0 shares one matrix across the batch.
 */
export function gemmRows(
  mode: i32,
  a: usize,
  aBatchStride: usize,
  packedB: usize,
  bBatchStride: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  init: i32,
  bias: usize,
  first: i32,
  last: i32,
  ap: usize,
  tile: usize,
): void {
  const blocks = (m + MR - 1) / MR;
  const panels = (n + NR - 1) / NR;
  const ldc = <usize>n;
  for (let unit = first; unit < last; unit++) {
    const batch = unit / blocks;
    const i0 = (unit % blocks) * MR;
    packA(mode, a + <usize>batch * aBatchStride * 4, m, k, i0, ap);
    const rows = min(MR, m - i0);
    const cBatch = c + <usize>batch * <usize>m * n * 4;
    const bBatch = packedB + <usize>batch * bBatchStride * 4;
    for (let panel = 0; panel < panels; panel++) {
      const j0 = panel * NR;
      const columns = min(NR, n - j0);
      const bp = bBatch + <usize>panel * <usize>k * NR * 4;
      const target = cBatch + (<usize>i0 * n + j0) * 4;
      let from: usize = ZEROS;
      let fromStride: usize = 0;
      if (init == INIT_BIAS) from = bias + <usize>j0 * 4;
      else if (init == INIT_ADD) {
        from = target;
        fromStride = ldc * 4;
      }
      if (rows == MR && columns == NR) {
        kernel4x8(ap, bp, k, target, ldc, from, fromStride);
        continue;
      }
      // An edge block: the same arithmetic on a padded copy, then the valid part written back.
      for (let r = 0; r < MR; r++) {
        for (let j = 0; j < NR; j++) {
          const inside = r < rows && j < columns;
          store<f32>(tile + (r * NR + j) * 4, inside ? load<f32>(from + <usize>r * fromStride + j * 4) : 0);
        }
      }
      kernel4x8(ap, bp, k, tile, NR, tile, NR * 4);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < columns; j++) {
          store<f32>(target + (<usize>r * n + j) * 4, load<f32>(tile + (r * NR + j) * 4));
        }
      }
    }
  }
}
