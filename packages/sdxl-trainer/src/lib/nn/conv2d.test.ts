import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from './conv2d.js';

/** Direct PyTorch-semantics conv: NCHW input, [out, in, k, k] weight, symmetric zero padding. */
function referenceConv(
  input: number[][][],
  weight: number[][][][],
  bias: number[],
  stride: number,
  padding: number,
) {
  const inChannels = input.length;
  const height = input[0]!.length;
  const width = input[0]![0]!.length;
  const kernel = weight[0]![0]!.length;
  const outHeight = Math.floor((height + 2 * padding - kernel) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - kernel) / stride) + 1;
  return weight.map((filters, out) =>
    Array.from({ length: outHeight }, (_, y) =>
      Array.from({ length: outWidth }, (_, x) => {
        let sum = bias[out]!;
        for (let c = 0; c < inChannels; c++)
          for (let ky = 0; ky < kernel; ky++)
            for (let kx = 0; kx < kernel; kx++) {
              const iy = y * stride + ky - padding;
              const ix = x * stride + kx - padding;
              if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                sum += input[c]![iy]![ix]! * filters[c]![ky]![kx]!;
            }
        return sum;
      }),
    ),
  );
}

describe('Conv2d', () => {
  it.each([
    [1, 1],
    [2, 1],
    [1, 0],
  ])('matches PyTorch conv semantics with stride %i, padding %i', (stride, padding) => {
    const conv = new Conv2d(3, 4, 3, { stride, padding });
    const weight = tf.randomNormal([4, 3, 3, 3], 0, 1, 'float32', 1);
    const bias = tf.randomNormal([4], 0, 1, 'float32', 2);
    conv.weight.setFromDiffusers(weight);
    conv.bias!.setFromDiffusers(bias);
    const inputNchw = tf.randomNormal<tf.Rank.R4>([1, 3, 6, 6], 0, 1, 'float32', 3);
    const output = tf.transpose(conv.forward(tf.transpose(inputNchw, [0, 2, 3, 1])), [0, 3, 1, 2]);
    const expected = referenceConv(
      (inputNchw.arraySync() as number[][][][])[0]!,
      weight.arraySync() as number[][][][],
      bias.arraySync() as number[],
      stride,
      padding,
    );
    expect(output.shape.slice(1)).toEqual([4, expected[0]!.length, expected[0]![0]!.length]);
    const actual = (output.arraySync() as number[][][][])[0]!.flat(2);
    expected.flat(2).forEach((value, index) => expect(actual[index]).toBeCloseTo(value, 4));
    conv.dispose();
  });
});
