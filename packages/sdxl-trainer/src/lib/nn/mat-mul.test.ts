import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './mat-mul.js';
import './register-gradients.js';

describe('matMul (cpu kernel)', () => {
  // Odd sizes exercise the kernel's 4 x 2 blocks and their remainders.
  const a = tf.randomNormal([2, 7, 5], 0, 1, 'float32', 1) as tf.Tensor3D;
  const b = tf.randomNormal([2, 5, 9], 0, 1, 'float32', 2) as tf.Tensor3D;

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches tf.matMul and its gradients with transposeA=%s, transposeB=%s', (transposeA, transposeB) => {
    const left = transposeA ? tf.transpose(a, [0, 2, 1]) : a;
    const right = transposeB ? tf.transpose(b, [0, 2, 1]) : b;
    const weights = tf.randomNormal([2, 7, 9], 0, 1, 'float32', 3);
    const loss = (product: (x: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(product(x as tf.Tensor3D, y as tf.Tensor3D), weights));
    const ours = tf.grads(loss((x, y) => matMul(x, y, transposeA, transposeB)));
    const theirs = tf.grads(loss((x, y) => tf.matMul(x, y, transposeA, transposeB)));
    const close = (x: tf.Tensor, y: tf.Tensor) => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!;
    expect(
      close(matMul(left, right, transposeA, transposeB), tf.matMul(left, right, transposeA, transposeB)),
    ).toBeLessThan(1e-5);
    const [ourLeft, ourRight] = ours([left, right]);
    const [theirLeft, theirRight] = theirs([left, right]);
    expect(close(ourLeft!, theirLeft!)).toBeLessThan(1e-5);
    expect(close(ourRight!, theirRight!)).toBeLessThan(1e-5);
  });

  it('rejects mismatched inner dimensions, naming the shapes', () => {
    expect(() => matMul(a, a)).toThrow('inner dimensions differ (5 vs 7) for [2, 7, 5] x [2, 7, 5]');
  });
});
