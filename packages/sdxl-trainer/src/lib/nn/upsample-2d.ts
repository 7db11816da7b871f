import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from './conv2d.js';
import { Module } from './module.js';

/** diffusers `Upsample2D` with a conv (key `conv`): nearest-neighbour 2x, then 3x3 conv. NHWC. */
export class Upsample2D extends Module {
  readonly conv: Conv2d;

  constructor(channels: number, outChannels = channels) {
    super();
    this.conv = this.child('conv', new Conv2d(channels, outChannels, 3, { padding: 1 }));
  }

  forward(input: tf.Tensor4D): tf.Tensor4D {
    const [batch, height, width, channels] = input.shape;
    // Nearest 2x as a broadcast copy: each pixel becomes a 2x2 block (same as F.interpolate nearest).
    const blocks = tf.tile(tf.reshape(input, [batch, height, 1, width, 1, channels]), [1, 1, 2, 1, 2, 1]);
    const upsampled = tf.reshape(blocks, [batch, height * 2, width * 2, channels]) as tf.Tensor4D;
    return this.conv.forward(upsampled);
  }
}
