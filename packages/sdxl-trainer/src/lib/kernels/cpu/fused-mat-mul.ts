import type * as tf from '@tensorflow/tfjs-core';
import { multiplyBatches } from './multiply-batches.js';

/**
 * The cpu backend's _FusedMatMul (`tf.fused.matMul`: every Linear layer) for the linear activation with a
 * bias per output column: the bias is written first and the product added to it in the same pass. Other
 * activations and bias shapes go to the stock kernel.
 */
export function createCpuFusedMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as tf._FusedMatMulInputs;
    const { transposeA, transposeB, activation } = args.attrs as unknown as tf._FusedMatMulAttrs;
    if (activation !== 'linear' || preluActivationWeights) return stock(args);
    return multiplyBatches(args.backend, a!, b!, transposeA, transposeB, bias) ?? stock(args);
  };
}
