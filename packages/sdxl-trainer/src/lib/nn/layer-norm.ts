import type * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import { normalizeGroups } from '../ops/normalize-groups.js';
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
    return normalizeGroups(
      input,
      this.weight.variable as tf.Tensor1D,
      this.bias.variable as tf.Tensor1D,
      1,
      1,
      this.eps,
    );
  }
}
