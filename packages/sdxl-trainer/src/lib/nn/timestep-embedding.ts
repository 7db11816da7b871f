import type * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { silu } from '../ops/silu.js';

/** diffusers `TimestepEmbedding`: linear_1, SiLU, linear_2. */
export class TimestepEmbedding extends Module {
  readonly linear1: Linear;
  readonly linear2: Linear;

  constructor(inChannels: number, timeEmbedDim: number) {
    super();
    this.linear1 = this.child('linear_1', new Linear(inChannels, timeEmbedDim));
    this.linear2 = this.child('linear_2', new Linear(timeEmbedDim, timeEmbedDim));
  }

  forward(input: tf.Tensor2D): tf.Tensor2D {
    return this.linear2.forward(silu(this.linear1.forward(input)));
  }
}
