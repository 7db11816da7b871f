import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

/** torch.nn.LayerNorm over the last axis, with elementwise affine weight and bias. */
export class LayerNorm extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(
    readonly normalizedShape: number,
    readonly eps = 1e-5,
  ) {
    super();
    this.weight = this.parameter('weight', [normalizedShape], { kind: 'ones' });
    this.bias = this.parameter('bias', [normalizedShape], { kind: 'zeros' });
  }

  forward<T extends tf.Tensor>(input: T): T {
    const { mean, variance } = tf.moments(input, -1, true);
    const normalised = tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(normalised, this.weight.variable), this.bias.variable) as T;
  }
}
