import type * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import { normalizeGroups } from '../ops/normalize-groups.js';
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
    const positions = input.size / ((input.shape[0] ?? 1) * this.numChannels);
    return normalizeGroups(
      input,
      this.weight.variable as tf.Tensor1D,
      this.bias.variable as tf.Tensor1D,
      this.numGroups,
      positions,
      this.eps,
    );
  }
}
