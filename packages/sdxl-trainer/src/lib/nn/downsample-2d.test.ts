import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Downsample2D } from './downsample-2d.js';

describe('Downsample2D', () => {
  const input = tf.tensor4d(
    Array.from({ length: 16 }, (_, index) => index + 1),
    [1, 4, 4, 1],
  );
  // Top-left tap: output (y, x) reads input (2y - padTop, 2x - padLeft).
  const topLeftTap = tf.tensor4d([1, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 3, 3]);

  it.each([
    [1, [0, 0, 0, 6]],
    [0, [1, 3, 9, 11]],
  ])('with padding %i pads like diffusers (symmetric, or right/bottom only)', (padding, expected) => {
    const downsample = new Downsample2D(1, padding);
    downsample.conv.weight.setFromDiffusers(topLeftTap);
    downsample.conv.bias!.setFromDiffusers(tf.zeros([1]));
    const output = downsample.forward(input);
    expect(output.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(output.dataSync())).toEqual(expected);
    downsample.dispose();
  });
});
