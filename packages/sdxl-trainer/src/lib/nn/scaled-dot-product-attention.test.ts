import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

describe('scaledDotProductAttention', () => {
  it('attends each head separately with 1/sqrt(headDim) scaling', () => {
    const query = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
    const key = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 2) as tf.Tensor3D;
    const value = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 3) as tf.Tensor3D;
    const output = scaledDotProductAttention(query, key, value, 2).arraySync()[0]!;
    const [q, k, v] = [query, key, value].map((tensor) => tensor.arraySync()[0]!);
    for (let head = 0; head < 2; head++) {
      const columns = [head * 2, head * 2 + 1];
      for (let i = 0; i < 3; i++) {
        const scores = k!.map(
          (row) => columns.reduce((sum, c) => sum + q![i]![c]! * row[c]!, 0) / Math.sqrt(2),
        );
        const max = Math.max(...scores);
        const weights = scores.map((score) => Math.exp(score - max));
        const total = weights.reduce((a, b) => a + b);
        for (const c of columns) {
          const expected = v!.reduce((sum, row, j) => sum + (weights[j]! / total) * row[c]!, 0);
          expect(output[i]![c]).toBeCloseTo(expected, 5);
        }
      }
    }
  });

  it('adds a mask to the scores (a -inf entry gets no weight)', () => {
    const ones = tf.ones([1, 2, 2]) as tf.Tensor3D;
    const value = tf.tensor3d([
      [
        [1, 1],
        [5, 5],
      ],
    ]);
    const mask = tf.tensor2d([
      [0, -Infinity],
      [0, 0],
    ]);
    const output = scaledDotProductAttention(ones, ones, value, 1, mask).arraySync()[0]!;
    expect(output[0]).toEqual([1, 1]);
    expect(output[1]![0]).toBeCloseTo(3, 5);
  });
});
