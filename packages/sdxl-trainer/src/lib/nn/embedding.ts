import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';

/** torch.nn.Embedding: `weight` [count, dim]; looks up rows by integer id. */
export class Embedding extends Module {
  readonly weight: Parameter;

  constructor(
    readonly count: number,
    readonly dim: number,
  ) {
    super();
    // PyTorch initialises embeddings from N(0, 1); a fan-in uniform is close enough for fresh weights.
    this.weight = this.parameter('weight', [count, dim], { kind: 'uniform-fan-in', fanIn: 1 });
  }

  /** `ids` int32 of any shape -> [...ids.shape, dim]. */
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.gather(this.weight.variable, ids);
  }
}
