import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from './conv2d.js';
import { Module } from './module.js';

/**
 * diffusers `Downsample2D` with a conv (key `conv`): 3x3 stride 2. `padding` 0 pads only right and bottom
 * by one, as diffusers does for the VAE encoder; otherwise symmetric padding.
 */
export class Downsample2D extends Module {
  readonly conv: Conv2d;

  constructor(
    channels: number,
    readonly padding = 1,
    outChannels = channels,
  ) {
    super();
    this.conv = this.child('conv', new Conv2d(channels, outChannels, 3, { stride: 2, padding }));
  }

  forward(input: tf.Tensor4D): tf.Tensor4D {
    const padded =
      this.padding === 0
        ? tf.pad(input, [
            [0, 0],
            [0, 1],
            [0, 1],
            [0, 0],
          ])
        : input;
    return this.conv.forward(padded);
  }
}
