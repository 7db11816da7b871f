import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

/** torch.nn.Linear: `weight` [out, in] (kept in PyTorch layout), optional `bias` [out]; applies to the last axis. */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: { bias?: boolean } = {},
  ) {
    super();
    const init = { kind: 'uniform-fan-in', fanIn: inFeatures } as const;
    this.weight = this.parameter('weight', [outFeatures, inFeatures], init);
    this.bias = bias ? this.parameter('bias', [outFeatures], init) : undefined;
  }

  forward<T extends tf.Tensor>(input: T): T {
    const leadingShape = input.shape.slice(0, -1);
    const rows = tf.reshape(input, [-1, this.inFeatures]) as tf.Tensor2D;
    const output = tf.fused.matMul({
      a: rows,
      b: this.weight.variable as tf.Tensor2D,
      transposeB: true,
      bias: this.bias?.variable,
    });
    return tf.reshape(output, [...leadingShape, this.outFeatures]) as T;
  }
}
