import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * Wraps the wasm backend's _FusedMatMul (`tf.fused.matMul`, every Linear layer), which is wrong when it is
 * given both a transposed right-hand matrix and a bias (tfjs-backend-wasm 4.22: off by the size of the
 * values themselves, measured against the cpu backend; either alone is right). That case runs as a matMul
 * and an add; the rest goes to the stock kernel.
 */
export function createWasmFusedMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias } = args.inputs as tf._FusedMatMulInputs;
    const { transposeA, transposeB, activation } = args.attrs as unknown as tf._FusedMatMulAttrs;
    if (!(transposeB && bias && activation === 'linear')) return stock(args);
    return withInputTensors(args.backend, [a!, b!, bias], (left, right, offset) =>
      tf.add(tf.matMul(left!, right!, transposeA, transposeB), offset!),
    );
  };
}
