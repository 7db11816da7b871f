import * as tf from '@tensorflow/tfjs-core';
import { gelu } from './gelu.js';
import { Linear } from './linear.js';
import { matMul } from './mat-mul.js';
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
    // GEGLU: net.0.proj's output is [hidden | gate]. Splitting its (small, contiguous) weight rows instead of
    // its (large) output avoids tfjs's slow strided split of the activations.
    const weight = this.proj.weight.variable as tf.Tensor2D;
    const bias = this.proj.bias!.variable as tf.Tensor1D;
    const [batch, tokens, dim] = hiddenStates.shape;
    const rows = tf.reshape(hiddenStates, [batch * tokens, dim]) as tf.Tensor2D;
    const half = (start: number) =>
      tf.add(
        matMul(rows, tf.slice(weight, [start, 0], [this.innerDim, dim]), false, true),
        tf.slice(bias, [start], [this.innerDim]),
      );
    const gated = tf.mul(half(0), gelu(half(this.innerDim)));
    return this.out.forward(tf.reshape(gated, [batch, tokens, this.innerDim]) as tf.Tensor3D);
  }
}
