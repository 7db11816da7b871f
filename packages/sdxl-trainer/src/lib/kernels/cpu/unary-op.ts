import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

type Operator = 'erf' | 'exp' | 'neg';

/**
 * The cpu backend's Erf, Exp and Neg for float32 tensors (GELU and its gradient) as one loop per operator
 * with tfjs's own formulas (the same values): tfjs runs every unary op through one shared loop that calls
 * the operator per element, a call site too varied for V8 to inline. Other dtypes go to the stock kernel.
 */
export function createCpuUnaryOp(operator: Operator): (stock: tf.KernelFunc) => tf.KernelFunc {
  return (stock) => (args) => {
    const { x } = args.inputs as tf.UnaryInputs;
    if (x!.dtype !== 'float32') return stock(args);
    const backend = args.backend as MathBackendCPU;
    const values = backend.data.get(x!.dataId).values as Float32Array;
    const out = new Float32Array(values.length);
    if (operator === 'exp') for (let i = 0; i < values.length; i++) out[i] = Math.exp(values[i]!);
    else if (operator === 'neg') for (let i = 0; i < values.length; i++) out[i] = -values[i]!;
    else erf(values, out);
    return backend.makeTensorInfo(x!.shape, 'float32', out);
  };
}

/** tfjs-backend-cpu's Erf (Abramowitz and Stegun 7.1.26, tfjs's constants), element by element. */
function erf(values: Float32Array, out: Float32Array): void {
  const { ERF_P: p, ERF_A1: a1, ERF_A2: a2, ERF_A3: a3, ERF_A4: a4, ERF_A5: a5 } = tf.backend_util;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const v = Math.abs(x);
    const t = 1.0 / (1.0 + p * v);
    out[i] = Math.sign(x) * (1.0 - ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t * Math.exp(-v * v));
  }
}
