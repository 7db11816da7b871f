import * as tf from '@tensorflow/tfjs-core';
import { concatLastAxis } from './concat-last-axis.js';

/**
 * `tf.split(tensor, widths, -1)` (e.g. GEGLU's [hidden | gate]). On the cpu backend, JavaScript row copies
 * forward and back (see concatLastAxis) instead of tfjs's element-by-element SplitV.
 */
export function splitLastAxis<T extends tf.Tensor>(tensor: T, widths: number[]): T[] {
  if (tf.getBackend() !== 'cpu') return tf.split(tensor, widths, -1);
  const total = tensor.shape[tensor.rank - 1]!;
  if (widths.reduce((sum, width) => sum + width, 0) !== total) {
    throw new Error(
      `splitLastAxis: widths [${widths.join(', ')}] do not add up to the last axis (${total}).`,
    );
  }
  // customGrad has one output; split it into parts by running one custom op per part.
  return widths.map((width, index) => {
    const offset = widths.slice(0, index).reduce((sum, previous) => sum + previous, 0);
    const take = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const source = (args[0] as tf.Tensor).dataSync() as Float32Array;
      const rows = source.length / total;
      const out = new Float32Array(rows * width);
      for (let row = 0; row < rows; row++) {
        out.set(source.subarray(row * total + offset, row * total + offset + width), row * width);
      }
      return {
        value: tf.tensor(out, [...tensor.shape.slice(0, -1), width]),
        gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
          const gradient = dy as tf.Tensor;
          const leading = tensor.shape.slice(0, -1);
          const parts = widths.map((partWidth, part) =>
            part === index ? gradient : tf.zeros([...leading, partWidth]),
          );
          return [concatLastAxis(parts)];
        },
      };
    });
    return take(tensor) as T;
  });
}
