import * as tf from '@tensorflow/tfjs-core';
import { splitLastAxis } from './split-last-axis.js';

/**
 * `tf.concat(tensors, -1)` (e.g. the UNet's skip connections on the channel axis of NHWC). On the cpu
 * backend the copy and its gradient (a split) are JavaScript row copies: tfjs's SplitV kernel, which the
 * built-in gradient uses, copies element by element and cost more than the convolutions around it.
 */
export function concatLastAxis<T extends tf.Tensor>(tensors: T[]): T {
  if (tf.getBackend() !== 'cpu') return tf.concat(tensors, -1);
  const widths = tensors.map((tensor) => tensor.shape[tensor.rank - 1]!);
  const concatenate = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const parts = args.slice(0, tensors.length) as T[];
    const total = widths.reduce((sum, width) => sum + width, 0);
    const rows = parts[0]!.size / widths[0]!;
    const out = new Float32Array(rows * total);
    let offset = 0;
    parts.forEach((part, index) => {
      const width = widths[index]!;
      const data = part.dataSync() as Float32Array;
      for (let row = 0; row < rows; row++) {
        out.set(data.subarray(row * width, (row + 1) * width), row * total + offset);
      }
      offset += width;
    });
    return {
      value: tf.tensor(out, [...parts[0]!.shape.slice(0, -1), total]),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => splitLastAxis(dy as tf.Tensor, widths),
    };
  });
  return concatenate(...tensors) as T;
}
