import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Upsample2D } from './upsample-2d.js';

describe('Upsample2D', () => {
  it('repeats each pixel into a 2x2 block before its conv (nearest neighbour)', () => {
    const upsample = new Upsample2D(1);
    // A centre-tap identity kernel isolates the nearest-neighbour step.
    upsample.conv.weight.setFromDiffusers(tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 1, 3, 3]));
    upsample.conv.bias!.setFromDiffusers(tf.zeros([1]));
    const output = upsample.forward(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]));
    expect(output.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(output.dataSync())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    upsample.dispose();
  });
});
