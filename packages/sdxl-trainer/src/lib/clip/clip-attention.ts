import type * as tf from '@tensorflow/tfjs-core';

import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { scaledDotProductAttention } from '../nn/scaled-dot-product-attention.js';

/** transformers `CLIPAttention`: keys k_proj, v_proj, q_proj, out_proj (all with bias). */
export class CLIPAttention extends Module {
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly qProj: Linear;
  readonly outProj: Linear;

  constructor(
    hiddenSize: number,
    readonly heads: number,
  ) {
    super();
    this.kProj = this.child('k_proj', new Linear(hiddenSize, hiddenSize));
    this.vProj = this.child('v_proj', new Linear(hiddenSize, hiddenSize));
    this.qProj = this.child('q_proj', new Linear(hiddenSize, hiddenSize));
    this.outProj = this.child('out_proj', new Linear(hiddenSize, hiddenSize));
  }

  /** `causalMask` is additive, [1, 1, tokens, tokens]. */
  forward(hiddenStates: tf.Tensor3D, causalMask: tf.Tensor): tf.Tensor3D {
    const attended = scaledDotProductAttention(
      this.qProj.forward(hiddenStates),
      this.kProj.forward(hiddenStates),
      this.vProj.forward(hiddenStates),
      this.heads,
      causalMask,
    );
    return this.outProj.forward(attended);
  }
}
