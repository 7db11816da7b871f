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

/** Fills `ap` ([k][4]) with rows i0..i0+3 of op(A), zeros past m. */
function packA(mode: i32, a: usize, m: i32, k: i32, i0: i32, ap: usize): void {
  const rows = min(MR, m - i0);
  if (mode == A_ROWS) {
    for (let r = 0; r < MR; r++) {
      let out = ap + r * 4;
      if (r < rows) {
        let source = a + <usize>(i0 + r) * k * 4;
        for (let p = 0; p < k; p++) {
          store<f32>(out, load<f32>(source));
          source += 4;
          out += MR * 4;
        }
      } else {
        for (let p = 0; p < k; p++) {
          store<f32>(out, 0);
          out += MR * 4;
        }
      }
    }
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
  } else if (mode == A_PATCHES) packPatches(a, k, i0, rows, ap);
  else if (mode == A_GATHER) packGather(a, k, i0, rows, ap);
  else packPatchColumns(a, k, i0, rows, ap);
}

/** Rows = output pixels (batch, oy, ox) of a convolution, p = (ky, kx, c): the image under each tap. */
function packPatches(image: usize, k: i32, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  const channels = g.channels;
  for (let r = 0; r < MR; r++) {
    const out = ap + r * 4;
    if (r >= rows) {
      for (let p = 0; p < k; p++) store<f32>(out + <usize>p * 16, 0);
      continue;
    }
    const row = i0 + r;
    const pixels = g.outHeight * g.outWidth;
    const b = row / pixels;
    const oy = (row % pixels) / g.outWidth;
    const ox = row % g.outWidth;
    for (let ky = 0; ky < g.kernelHeight; ky++) {
      const y = oy * g.strideHeight + ky - g.padTop;
      for (let kx = 0; kx < g.kernelWidth; kx++) {
        const x = ox * g.strideWidth + kx - g.padLeft;
        let target = out + <usize>((ky * g.kernelWidth + kx) * channels) * 16;
        if (y < 0 || y >= g.height || x < 0 || x >= g.width) {
          for (let c = 0; c < channels; c++) {
            store<f32>(target, 0);
            target += 16;
          }
        } else {
          let source = image + <usize>(((b * g.height + y) * g.width + x) * channels) * 4;
          for (let c = 0; c < channels; c++) {
            store<f32>(target, load<f32>(source));
            target += 16;
            source += 4;
          }
        }
      }
    }
  }
}

/**
 * Rows = input pixels (batch, y, x), p = (ky, kx, o): the output gradient each tap of the input pixel
 * contributed to (zero where no output pixel read it, e.g. the odd taps of a stride-2 convolution).
 */
function packGather(dy: usize, k: i32, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  const outChannels = g.outChannels;
  for (let r = 0; r < MR; r++) {
    const out = ap + r * 4;
    if (r >= rows) {
      for (let p = 0; p < k; p++) store<f32>(out + <usize>p * 16, 0);
      continue;
    }
    const row = i0 + r;
    const pixels = g.height * g.width;
    const b = row / pixels;
    const y = (row % pixels) / g.width;
    const x = row % g.width;
    for (let ky = 0; ky < g.kernelHeight; ky++) {
      const sy = y + g.padTop - ky;
      const oy = sy / g.strideHeight;
      const rowValid = sy >= 0 && sy % g.strideHeight == 0 && oy < g.outHeight;
      for (let kx = 0; kx < g.kernelWidth; kx++) {
        const sx = x + g.padLeft - kx;
        const ox = sx / g.strideWidth;
        let target = out + <usize>((ky * g.kernelWidth + kx) * outChannels) * 16;
        if (!rowValid || sx < 0 || sx % g.strideWidth != 0 || ox >= g.outWidth) {
          for (let o = 0; o < outChannels; o++) {
            store<f32>(target, 0);
            target += 16;
          }
        } else {
          let source = dy + <usize>(((b * g.outHeight + oy) * g.outWidth + ox) * outChannels) * 4;
          for (let o = 0; o < outChannels; o++) {
            store<f32>(target, load<f32>(source));
            target += 16;
            source += 4;
          }
        }
      }
    }
  }
}

/** Rows = patch columns q = (ky, kx, c), p = output pixel (batch, oy, ox): patches transposed. */
function packPatchColumns(image: usize, k: i32, i0: i32, rows: i32, ap: usize): void {
  const g = geometry();
  const channels = g.channels;
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

/** C[0..4][0..8] += Ap x Bp over k, C with row stride ldc floats. */
function kernel4x8(ap: usize, bp: usize, k: i32, c: usize, ldc: usize): void {
  const c1 = c + ldc * 4;
  const c2 = c1 + ldc * 4;
  const c3 = c2 + ldc * 4;
  let s00 = v128.load(c);
  let s01 = v128.load(c, 16);
  let s10 = v128.load(c1);
  let s11 = v128.load(c1, 16);
  let s20 = v128.load(c2);
  let s21 = v128.load(c2, 16);
  let s30 = v128.load(c3);
  let s31 = v128.load(c3, 16);
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    s00 = f32x4.add(s00, f32x4.mul(a0, b0));
    s01 = f32x4.add(s01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(ap, 4);
    s10 = f32x4.add(s10, f32x4.mul(a1, b0));
    s11 = f32x4.add(s11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(ap, 8);
    s20 = f32x4.add(s20, f32x4.mul(a2, b0));
    s21 = f32x4.add(s21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(ap, 12);
    s30 = f32x4.add(s30, f32x4.mul(a3, b0));
    s31 = f32x4.add(s31, f32x4.mul(a3, b1));
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

/**
 * Row blocks [first, last) of C (block index = batch * ceil(m / 4) + block): C[batch] += op(A[batch]) x
 * B[batch] with B packed by packB. `ap` and `tile` are this thread's scratch (k * 16 and 128 bytes).
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
  first: i32,
  last: i32,
  ap: usize,
  tile: usize,
): void {
  const blocks = (m + MR - 1) / MR;
  const panels = (n + NR - 1) / NR;
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
      if (rows == MR && columns == NR) {
        kernel4x8(ap, bp, k, target, n);
        continue;
      }
      // An edge block: the same arithmetic on a zero-padded copy, then the valid part written back.
      for (let r = 0; r < MR; r++) {
        for (let j = 0; j < NR; j++) {
          const inside = r < rows && j < columns;
          store<f32>(tile + (r * NR + j) * 4, inside ? load<f32>(target + (<usize>r * n + j) * 4) : 0);
        }
      }
      kernel4x8(ap, bp, k, tile, NR);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < columns; j++) {
          store<f32>(target + (<usize>r * n + j) * 4, load<f32>(tile + (r * NR + j) * 4));
        }
      }
    }
  }
}
