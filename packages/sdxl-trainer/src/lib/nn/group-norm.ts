import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

/** torch.nn.GroupNorm over the channel (last) axis of NHWC input (or [batch, tokens, channels]). */
export class GroupNorm extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    readonly eps = 1e-5,
  ) {
    super();
    if (numChannels % numGroups !== 0) {
      throw new Error(
        `GroupNorm: ${numChannels} channels cannot be split into ${numGroups} groups (norm_num_groups must divide every channel count).`,
      );
    }
    this.weight = this.parameter('weight', [numChannels], { kind: 'ones' });
    this.bias = this.parameter('bias', [numChannels], { kind: 'zeros' });
  }

  forward<T extends tf.Tensor>(input: T): T {
    const batch = input.shape[0] ?? 1;
    // [batch, positions, groups, channels per group]: statistics over positions and channels of a group.
    const grouped = tf.reshape(input, [batch, -1, this.numGroups, this.numChannels / this.numGroups]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    const normalised = tf.reshape(
      tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.eps))),
      input.shape,
    );
    return tf.add(tf.mul(normalised, this.weight.variable), this.bias.variable) as T;
  }
}
