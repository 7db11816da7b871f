import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from './engine/kernel-engine.js';

/** assembly/index.ts's column-sum task, and its unit: 16 columns. */
const TASK_SUM_COLUMNS = 15;
const COLUMNS_PER_UNIT = 16;
/** Below this many values one thread sums them: waking the others would cost more. */
const SMALLEST_FOR_THREADS = 1 << 15;

/**
 * The cpu backend's Sum of a float32 tensor over consecutive axes, read as [outer, reduced, inner] and summed
 * in float64 row after row on the kernel engine's threads (tfjs transposes the reduced axes to the end first,
 * element by element: the bias gradients of every Linear and convolution spent longer there than in their
 * matrix products). Other axes and dtypes go to the stock kernel.
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
    const out = sumColumns(values, outer, reduced, inner);
    const outShape = keepDims
      ? shape.map((dim, i) => (i >= first && i < last ? 1 : dim))
      : shape.filter((_, i) => i < first || i >= last);
    return backend.makeTensorInfo(outShape, 'float32', out);
  };
}

/** [outer, reduced, inner] summed over its middle axis (assembly/elementwise.ts's sumColumns). */
function sumColumns(values: Float32Array, outer: number, reduced: number, inner: number): Float32Array {
  if (outer * inner === 0) return new Float32Array(0);
  const engine = kernelEngine();
  const call = engine.prepare({ inputs: [values], outputs: [outer * inner] });
  const units = outer * Math.ceil(inner / COLUMNS_PER_UNIT);
  engine.run(TASK_SUM_COLUMNS, units, [reduced, inner, ...call.inputs, ...call.outputs], {
    alone: values.length < SMALLEST_FOR_THREADS,
  });
  return call.results()[0]!;
}
