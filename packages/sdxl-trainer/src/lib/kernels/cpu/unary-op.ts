import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { CHUNK, runElementwise, TASK_UNARY } from './engine/run-elementwise.js';

type Operator = 'exp' | 'neg' | 'erf';
const OPERATOR_CODES: Record<Operator, number> = { exp: 0, neg: 1, erf: 2 };

/**
 * The cpu backend's Exp, Neg and Erf for float32 tensors (GELU and its gradient) on the kernel engine's
 * threads, four values at a time: exp is Cephes' expf (about 2 ulp from Math.exp), erf tfjs's own formula
 * (Abramowitz and Stegun 7.1.26) in float32. tfjs runs every unary op through one shared loop that calls
 * the operator per element. Other dtypes go to the stock kernel.
 */
export function createCpuUnaryOp(operator: Operator): (stock: tf.KernelFunc) => tf.KernelFunc {
  return (stock) => (args) => {
    const { x } = args.inputs as tf.UnaryInputs;
    if (x!.dtype !== 'float32') return stock(args);
    const backend = args.backend as MathBackendCPU;
    const values = backend.data.get(x!.dataId).values as Float32Array;
    const units = Math.ceil(values.length / CHUNK);
    const out = runElementwise(TASK_UNARY, values.length, units, [values], [OPERATOR_CODES[operator]]);
    return backend.makeTensorInfo(x!.shape, 'float32', out);
  };
}
