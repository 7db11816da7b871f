import * as tf from '@tensorflow/tfjs-core';
import { GroupNorm } from './group-norm.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

export interface AttentionOptions {
  queryDim: number;
  heads: number;
  dimHead: number;
  /** Width of the context for cross-attention; self-attention when absent. */
  crossAttentionDim?: number;
  /** Bias on to_q / to_k / to_v (diffusers `bias`, false in the UNet, true in the VAE). */
  bias?: boolean;
  outBias?: boolean;
  /** A `group_norm` before the projections and a residual add after (the VAE mid-block attention). */
  groupNorm?: { groups: number; eps: number };
  rescaleOutputFactor?: number;
}

/**
 * diffusers `Attention` with the default processor: keys `to_q`, `to_k`, `to_v`, `to_out.0` (and
 * `group_norm` when asked). Works on token sequences [batch, tokens, queryDim].
 */
export class Attention extends Module {
  readonly groupNorm: GroupNorm | undefined;
  readonly toQ: Linear;
  readonly toK: Linear;
  readonly toV: Linear;
  readonly toOut: Linear;
  readonly heads: number;
  readonly rescaleOutputFactor: number;

  constructor(options: AttentionOptions) {
    super();
    const innerDim = options.heads * options.dimHead;
    const contextDim = options.crossAttentionDim ?? options.queryDim;
    const bias = options.bias ?? false;
    this.heads = options.heads;
    this.rescaleOutputFactor = options.rescaleOutputFactor ?? 1;
    this.groupNorm = options.groupNorm
      ? this.child(
          'group_norm',
          new GroupNorm(options.groupNorm.groups, options.queryDim, options.groupNorm.eps),
        )
      : undefined;
    this.toQ = this.child('to_q', new Linear(options.queryDim, innerDim, { bias }));
    this.toK = this.child('to_k', new Linear(contextDim, innerDim, { bias }));
    this.toV = this.child('to_v', new Linear(contextDim, innerDim, { bias }));
    this.toOut = this.child(
      'to_out.0',
      new Linear(innerDim, options.queryDim, { bias: options.outBias ?? true }),
    );
  }

  forward(hiddenStates: tf.Tensor3D, encoderHiddenStates?: tf.Tensor3D): tf.Tensor3D {
    const normalised = this.groupNorm ? this.groupNorm.forward(hiddenStates) : hiddenStates;
    const context = encoderHiddenStates ?? normalised;
    const attended = scaledDotProductAttention(
      this.toQ.forward(normalised),
      this.toK.forward(context),
      this.toV.forward(context),
      this.heads,
    );
    let output = this.toOut.forward(attended);
    if (this.groupNorm) {
      output = tf.add(output, hiddenStates);
    }
    return this.rescaleOutputFactor === 1 ? output : tf.div(output, this.rescaleOutputFactor);
  }
}
