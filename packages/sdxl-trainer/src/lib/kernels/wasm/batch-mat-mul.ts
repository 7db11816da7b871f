import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * Wraps the wasm backend's BatchMatMul so every product reaches its fast path. tfjs-backend-wasm runs a
 * matMul through XNNPACK only for one untransposed [m, k] x [k, n] product (~19 GFLOP/s here); transposed or
 * batched products fall to a scalar loop at ~1.5-2 GFLOP/s, and training is mostly those (every matMul
 * gradient transposes an operand; attention is batched over heads). Transposing explicitly and splitting the
 * batch costs a copy but is several times faster.
 */
export function createWasmBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as tf.BatchMatMulInputs;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const aBatch = batchSize(a!.shape);
    const bBatch = batchSize(b!.shape);
    if (!transposeA && !transposeB && aBatch === 1 && bBatch === 1) return stock(args);
    return withInputTensors(args.backend, [a!, b!], (aTensor, bTensor) => {
      const left = asMatrices(aTensor!, aBatch, transposeA);
      const right = asMatrices(bTensor!, bBatch, transposeB);
      const [, m, k] = left.shape;
      const n = right.shape[2];
      const outBatchShape = tf.broadcast_util.assertAndGetBroadcastShape(
        a!.shape.slice(0, -2),
        b!.shape.slice(0, -2),
      );
      // One weight matrix for the whole batch: stack the batch's rows into a single product.
      if (bBatch === 1) {
        const product = tf.matMul(tf.reshape(left, [aBatch * m, k]), tf.reshape(right, [k, n]));
        return tf.reshape(product, [...outBatchShape, m, n]);
      }
      const lefts = tf.unstack(left);
      const rights = tf.unstack(right);
      const batch = Math.max(aBatch, bBatch);
      const products = Array.from({ length: batch }, (_, i) =>
        tf.matMul(lefts[aBatch === 1 ? 0 : i]!, rights[i]!),
      );
      return tf.reshape(tf.stack(products), [...outBatchShape, m, n]);
    });
  };
}

function batchSize(shape: readonly number[]): number {
  return shape.slice(0, -2).reduce((size, dim) => size * dim, 1);
}

/** `tensor` as [batch, rows, columns], transposed to the untransposed layout if `transpose`. */
function asMatrices(tensor: tf.Tensor, batch: number, transpose: boolean): tf.Tensor3D {
  const [rows, columns] = tensor.shape.slice(-2) as [number, number];
  const matrices = tf.reshape(tensor, [batch, rows, columns]) as tf.Tensor3D;
  return transpose ? tf.transpose(matrices, [0, 2, 1]) : matrices;
}
