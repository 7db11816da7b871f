import type * as tf from '@tensorflow/tfjs-core';
import { geglu } from '../ops/geglu.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** diffusers `FeedForward` with GEGLU (the transformer blocks' default): keys `net.0.proj`, `net.2`. */
export class FeedForward extends Module {
  readonly proj: Linear;
  readonly out: Linear;

  constructor(
    readonly dim: number,
    readonly innerDim = dim * 4,
  ) {
    super();
    this.proj = this.child('net.0.proj', new Linear(dim, innerDim * 2));
    this.out = this.child('net.2', new Linear(innerDim, dim));
  }

  forward(hiddenStates: tf.Tensor3D): tf.Tensor3D {
    return this.out.forward(geglu(this.proj.forward(hiddenStates)));
  }
}
