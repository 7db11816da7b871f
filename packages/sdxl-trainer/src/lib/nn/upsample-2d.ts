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
    const [, height, width] = input.shape;
    // Without corner alignment or half-pixel centres, output pixel (y, x) reads input (floor(y/2), floor(x/2)):
    // exactly F.interpolate(scale_factor=2, mode="nearest"). (tile/broadcastTo would lack a rank-6 gradient.)
    const upsampled = tf.image.resizeNearestNeighbor(input, [height * 2, width * 2]);
    return this.conv.forward(upsampled);
  }
}
