import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { clipGradNorm } from './clip-grad-norm.js';

describe('clipGradNorm', () => {
  it('scales all gradients by maxNorm / (total + 1e-6) when the total L2 norm is larger', () => {
    const { grads, totalNorm } = clipGradNorm([tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])], 1);
    expect(totalNorm.dataSync()[0]).toBeCloseTo(5, 6);
    expect(Array.from(grads[0]!.dataSync())[0]).toBeCloseTo(3 / (5 + 1e-6), 7);
    expect(Array.from(grads[1]!.dataSync())[1]).toBeCloseTo(4 / (5 + 1e-6), 7);
  });

  it('leaves gradients unchanged when their norm is within the limit', () => {
    const { grads, totalNorm } = clipGradNorm([tf.tensor1d([0.3, 0.4])], 1);
    expect(totalNorm.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(Array.from(grads[0]!.dataSync())).toEqual(Array.from(tf.tensor1d([0.3, 0.4]).dataSync()));
  });

  it('rejects a non-positive limit', () => {
    expect(() => clipGradNorm([], 0)).toThrow('maxNorm must be a positive number');
  });
});
