import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs at least this long are copied with `set`; a shorter one (an attention head's 32-160 values) in a
 * loop, which costs less than making the subarray `set` needs (a third less time per attention transpose).
 */
const LONG_RUN = 256;

/**
 * The cpu backend's Transpose for numeric tensors: axes that stay together are merged, and when the last
 * axis stays last its runs are copied whole (attention's [b, tokens, heads, d] <-> [b, heads, tokens, d]);
 * otherwise an odometer over the output with strides, never tfjs's index-to-coordinates per element.
 */
export function createCpuTranspose(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as tf.TransposeInputs;
    const { perm } = args.attrs as unknown as tf.TransposeAttrs;
    const dtype = x!.dtype;
    if (dtype === 'string' || dtype === 'complex64') return stock(args);
    const backend = args.backend as MathBackendCPU;
    const values = backend.data.get(x!.dataId).values as Float32Array;
    const outShape = perm.map((axis) => x!.shape[axis]!);
    const { shape, order } = mergeAxes(x!.shape, perm);
    const out = tf.util.getTypedArrayFromDType(dtype, values.length) as Float32Array;
    const strides = shape.map((_, axis) => tf.util.sizeFromShape(shape.slice(axis + 1)));
    const dims = order.map((axis) => shape[axis]!);
    const steps = order.map((axis) => strides[axis]!);
    const rank = dims.length;
    const run = order[rank - 1] === rank - 1 ? dims[rank - 1]! : 1;
    const outerRank = run > 1 ? rank - 1 : rank;
    const index = new Array<number>(outerRank).fill(0);
    let source = 0;
    for (let target = 0; target < out.length; target += run) {
      if (run >= LONG_RUN) out.set(values.subarray(source, source + run), target);
      else for (let i = 0; i < run; i++) out[target + i] = values[source + i]!;
      for (let axis = outerRank - 1; axis >= 0; axis--) {
        source += steps[axis]!;
        if (++index[axis]! < dims[axis]!) break;
        source -= steps[axis]! * dims[axis]!;
        index[axis] = 0;
      }
    }
    return backend.makeTensorInfo(outShape, dtype, out);
  };
}

/** The input's shape with axes of size 1 dropped and neighbours that stay neighbours merged, and the perm. */
function mergeAxes(
  inShape: readonly number[],
  perm: readonly number[],
): { shape: number[]; order: number[] } {
  const kept = perm.filter((axis) => inShape[axis] !== 1);
  const groups: number[][] = [];
  for (const axis of kept) {
    const group = groups[groups.length - 1];
    if (group && group[group.length - 1]! + 1 === axis) group.push(axis);
    else groups.push([axis]);
  }
  const byInputOrder = [...groups].sort((p, q) => p[0]! - q[0]!);
  const shape = byInputOrder.map((group) => group.reduce((size, axis) => size * inShape[axis]!, 1));
  const order = groups.map((group) => byInputOrder.indexOf(group));
  return { shape: shape.length > 0 ? shape : [1], order: order.length > 0 ? order : [0] };
}
