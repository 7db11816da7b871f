import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * The cpu backend's SplitV (GEGLU's [hidden | gate], and the gradient of every concat) as block copies of
 * contiguous runs, the inverse of the Concat kernel; tfjs slices element by element. Non-numeric tensors go
 * to the stock kernel.
 */
export function createCpuSplitV(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as tf.SplitVInputs;
    const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
    const dtype = x!.dtype;
    if (dtype === 'string' || dtype === 'complex64') return stock(args);
    const shape = x!.shape;
    const $axis = tf.util.parseAxisParam(axis, shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x!, numOrSizeSplits, $axis);
    const outer = tf.util.sizeFromShape(shape.slice(0, $axis));
    const inner = tf.util.sizeFromShape(shape.slice($axis + 1));
    const inRun = shape[$axis]! * inner;
    const backend = args.backend as MathBackendCPU;
    const values = backend.data.get(x!.dataId).values as Float32Array;
    let offset = 0;
    return sizes.map((size) => {
      const run = size * inner;
      const out = tf.util.getTypedArrayFromDType(dtype, outer * run) as Float32Array;
      for (let block = 0; block < outer; block++) {
        out.set(values.subarray(block * inRun + offset, block * inRun + offset + run), block * run);
      }
      offset += run;
      const outShape = [...shape];
      outShape[$axis] = size;
      return backend.makeTensorInfo(outShape, dtype, out);
    });
  };
}
