import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';
import { A_COLUMNS, A_ROWS, B_COLUMNS, B_ROWS, runGemm } from './engine/run-gemm.js';
import { multiplyMatrices } from './multiply-matrices.js';

/**
 * A batched matrix product op(a) x op(b) (+ bias [n] on every row) of two float32 tensors of rank >= 2 on
 * the cpu backend, on the kernel engine's threads (runGemm), or with multiplyMatrices for each matrix when
 * one is too large for it. Handles equal batches and a batch of one on either
 * side (attention's heads, a weight shared by a batch); returns undefined for any other broadcast, which the
 * caller leaves to the stock kernel.
 */
export function multiplyBatches(
  backend: object,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias?: tf.TensorInfo,
): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const aBatch = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const bBatch = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batch = Math.max(aBatch, bBatch);
  if (aBatch !== bBatch && aBatch !== 1 && bBatch !== 1) return undefined;
  const [aRows, aColumns] = a.shape.slice(-2) as [number, number];
  const [bRows, bColumns] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
  const [kB, n] = transposeB ? [bColumns, bRows] : [bRows, bColumns];
  if (k !== kB) return undefined;
  if (bias && !(bias.shape.length === 1 && bias.shape[0] === n)) return undefined;
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  const biasValues = bias ? float32Values(backend, bias) : undefined;
  // With one right-hand matrix, the whole batch is one tall product: fewer, longer loops.
  const [products, rowsPerProduct] = bBatch === 1 && !transposeA ? [1, batch * m] : [batch, m];
  const computed = runGemm({
    aMode: transposeA ? A_COLUMNS : A_ROWS,
    bMode: transposeB ? B_COLUMNS : B_ROWS,
    a: aValues,
    b: bValues,
    batch: products,
    aBatched: products > 1 && aBatch > 1,
    bBatched: products > 1 && bBatch > 1,
    m: rowsPerProduct,
    k,
    n,
    bias: biasValues,
  });
  const out = computed ?? new Float32Array(batch * m * n);
  if (biasValues && !computed) {
    for (let row = 0; row < products * rowsPerProduct; row++) out.set(biasValues, row * n);
  }
  for (let index = 0; !computed && index < products; index++) {
    const left =
      products === 1 || aBatch === 1 ? aValues : aValues.subarray(index * m * k, (index + 1) * m * k);
    const right = bBatch === 1 ? bValues : bValues.subarray(index * k * n, (index + 1) * k * n);
    const target = out.subarray(index * rowsPerProduct * n, (index + 1) * rowsPerProduct * n);
    const shape = { m: rowsPerProduct, k, n, transposeA, transposeB };
    multiplyMatrices(left, right, target, shape, biasValues !== undefined);
  }
  return (backend as MathBackendCPU).makeTensorInfo([...batchShape, m, n], 'float32', out);
}
