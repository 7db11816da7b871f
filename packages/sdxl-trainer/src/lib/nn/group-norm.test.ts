import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { GroupNorm } from './group-norm.js';

describe('GroupNorm', () => {
  it('normalises each group over positions and its channels, then applies the per-channel affine', () => {
    const norm = new GroupNorm(2, 4, 1e-5);
    norm.weight.setFromDiffusers(tf.tensor1d([1, 2, 3, 4]));
    norm.bias.setFromDiffusers(tf.tensor1d([0, 1, 0, -1]));
    // NHWC [1, 1, 2, 4]: group 0 = channels 0-1, group 1 = channels 2-3.
    const input = tf.tensor4d([1, 2, 10, 20, 3, 4, 30, 40], [1, 1, 2, 4]);
    const output = Array.from(norm.forward(input).dataSync());
    const normalise = (values: number[]) => {
      const mean = values.reduce((a, b) => a + b) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      return values.map((value) => (value - mean) / Math.sqrt(variance + 1e-5));
    };
    const [g0a, g0b, g0c, g0d] = normalise([1, 2, 3, 4]); // positions x channels of group 0
    const [g1a, g1b, g1c, g1d] = normalise([10, 20, 30, 40]);
    const expected = [
      g0a! * 1,
      g0b! * 2 + 1,
      g1a! * 3,
      g1b! * 4 - 1,
      g0c! * 1,
      g0d! * 2 + 1,
      g1c! * 3,
      g1d! * 4 - 1,
    ];
    expected.forEach((value, index) => expect(output[index]).toBeCloseTo(value, 5));
    norm.dispose();
  });

  it('rejects a channel count the groups do not divide, naming the fix', () => {
    expect(() => new GroupNorm(32, 48)).toThrow('norm_num_groups must divide');
  });
});
