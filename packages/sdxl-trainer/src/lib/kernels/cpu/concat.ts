import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * The cpu backend's Concat (the UNet's skip connections, and the gradient of every split) as block copies
 * of contiguous runs: tfjs's copies element by element through index arithmetic. Non-numeric tensors go to
 * the stock kernel.
 */
export function createCpuConcat(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const tensors = args.inputs as unknown as tf.TensorInfo[];
    const { axis } = args.attrs as unknown as tf.ConcatAttrs;
    const dtype = tensors[0]!.dtype;
    if (dtype === 'string' || dtype === 'complex64' || tensors.some((t) => t.dtype !== dtype))
      return stock(args);
    const rank = tensors[0]!.shape.length;
    const $axis = tf.util.parseAxisParam(axis, tensors[0]!.shape)[0]!;
    const outShape = tf.backend_util.computeOutShape(
      tensors.map((t) => t.shape),
      $axis,
    );
    // Each input is [outer, run]: `outer` blocks of `run` contiguous values, placed side by side.
    const outer = tf.util.sizeFromShape(outShape.slice(0, $axis));
    const outRun = tf.util.sizeFromShape(outShape.slice($axis, rank));
    const backend = args.backend as MathBackendCPU;
    const out = tf.util.getTypedArrayFromDType(dtype, outer * outRun) as Float32Array;
    let offset = 0;
    for (const tensor of tensors) {
      const values = backend.data.get(tensor.dataId).values as Float32Array;
      const run = tf.util.sizeFromShape(tensor.shape.slice($axis, rank));
      for (let block = 0; block < outer; block++) {
        out.set(values.subarray(block * run, (block + 1) * run), block * outRun + offset);
      }
      offset += run;
    }
    return backend.makeTensorInfo(outShape, dtype, out);
  };
}
