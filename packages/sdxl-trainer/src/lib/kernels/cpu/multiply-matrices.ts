/** One matrix product's sizes and layouts: out[m, n] = op(a) [m, k] x op(b) [k, n]. */
export interface MatrixProduct {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * out[m, n] (+)= op(a) x op(b) for one pair of float32 matrices, summed in float64. `accumulate` adds to
 * what `out` holds (a bias already written there). The kernel wants rows of op(a) and columns of op(b)
 * contiguous, so the other layouts are copied first (O(size), small next to the product); then it takes dot
 * products of contiguous rows a 4 x 2 block at a time so each loaded value is used 2-4 times (about 2x a
 * row-streaming loop, and more accurate).
 */
export function multiplyMatrices(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  { m, k, n, transposeA, transposeB }: MatrixProduct,
  accumulate = false,
): void {
  const rows = transposeA ? transpose(a, k, m) : a;
  const columns = transposeB ? b : transpose(b, k, n);
  const dot = (i: number, j: number) => {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += rows[i * k + p]! * columns[j * k + p]!;
    return sum;
  };
  const put = accumulate
    ? (index: number, value: number) => (out[index] = out[index]! + value)
    : (index: number, value: number) => (out[index] = value);
  const mBlocked = m - (m % 4);
  const nBlocked = n - (n % 2);
  for (let i = 0; i < mBlocked; i += 4) {
    const r0 = i * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    for (let j = 0; j < nBlocked; j += 2) {
      const q0 = j * k;
      const q1 = q0 + k;
      // Separate locals (not a destructured array) so V8 keeps them in registers.
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = columns[q0 + p]!;
        const y1 = columns[q1 + p]!;
        const x0 = rows[r0 + p]!;
        const x1 = rows[r1 + p]!;
        const x2 = rows[r2 + p]!;
        const x3 = rows[r3 + p]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      put(i * n + j, s00);
      put(i * n + j + 1, s01);
      put((i + 1) * n + j, s10);
      put((i + 1) * n + j + 1, s11);
      put((i + 2) * n + j, s20);
      put((i + 2) * n + j + 1, s21);
      put((i + 3) * n + j, s30);
      put((i + 3) * n + j + 1, s31);
    }
    for (let j = nBlocked; j < n; j++) {
      for (let row = i; row < i + 4; row++) put(row * n + j, dot(row, j));
    }
  }
  for (let i = mBlocked; i < m; i++) {
    for (let j = 0; j < n; j++) put(i * n + j, dot(i, j));
  }
}

/** The [columns, rows] transpose of a [rows, columns] matrix, as a copy. */
function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const copy = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) copy[c * rows + r] = data[r * columns + c]!;
  }
  return copy;
}
