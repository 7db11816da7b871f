import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The cpu backend's Sum of a float32 tensor over consecutive axes, read in place as [outer, reduced, inner]
 * and summed in float64 (tfjs transposes the reduced axes to the end first, element by element: the bias
 * gradients of every Linear and convolution spent longer there than in their matrix products). Other
 * axes and dtypes go to the stock kernel.
 */
export function createCpuSum(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as tf.SumInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x!.dtype !== 'float32') return stock(args);
    const shape = x!.shape;
    const axes = tf.util.parseAxisParam(axis, shape).sort((p, q) => p - q);
    if (axes.some((value, i) => i > 0 && value !== axes[i - 1]! + 1)) return stock(args);
    const first = axes[0] ?? shape.length;
    const last = axes.length > 0 ? axes[axes.length - 1]! + 1 : shape.length;
    const outer = tf.util.sizeFromShape(shape.slice(0, first));
    const reduced = tf.util.sizeFromShape(shape.slice(first, last));
    const inner = tf.util.sizeFromShape(shape.slice(last));
    const backend = args.backend as MathBackendCPU;
    const values = backend.data.get(x!.dataId).values as Float32Array;
    const out = new Float32Array(outer * inner);
    const sums = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      sums.fill(0);
      for (let r = 0; r < reduced; r++) {
        const row = values.subarray((o * reduced + r) * inner, (o * reduced + r + 1) * inner);
        for (let i = 0; i < inner; i++) sums[i]! += row[i]!;
      }
      out.set(sums, o * inner);
    }
    const outShape = keepDims
      ? shape.map((dim, i) => (i >= first && i < last ? 1 : dim))
      : shape.filter((_, i) => i < first || i >= last);
    return backend.makeTensorInfo(outShape, 'float32', out);
  };
}
