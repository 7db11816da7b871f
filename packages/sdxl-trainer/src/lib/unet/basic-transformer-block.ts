import * as tf from '@tensorflow/tfjs-core';
import { Attention } from '../nn/attention.js';
import { checkpoint, type GradientSink } from '../nn/checkpoint.js';
import { FeedForward } from '../nn/feed-forward.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Module } from '../nn/module.js';

/**
 * diffusers `BasicTransformerBlock` as the SDXL UNet uses it (layer_norm, self-attention, cross-attention,
 * GEGLU feed-forward, each pre-norm with a residual): keys norm1, attn1, norm2, attn2, norm3, ff.
 */
export class BasicTransformerBlock extends Module {
  readonly norm1: LayerNorm;
  readonly attn1: Attention;
  readonly norm2: LayerNorm;
  readonly attn2: Attention;
  readonly norm3: LayerNorm;
  readonly ff: FeedForward;
  /** When true, this block's activations are recomputed in the backward pass instead of kept (see `checkpoint`). */
  gradientCheckpointing = false;
  /** With gradient checkpointing, where this block's parameter gradients go in a fused backward pass. */
  gradientSink: GradientSink | undefined;

  constructor(dim: number, heads: number, headDim: number, crossAttentionDim: number) {
    super();
    this.norm1 = this.child('norm1', new LayerNorm(dim));
    this.attn1 = this.child('attn1', new Attention({ queryDim: dim, heads, dimHead: headDim }));
    this.norm2 = this.child('norm2', new LayerNorm(dim));
    this.attn2 = this.child(
      'attn2',
      new Attention({ queryDim: dim, heads, dimHead: headDim, crossAttentionDim }),
    );
    this.norm3 = this.child('norm3', new LayerNorm(dim));
    this.ff = this.child('ff', new FeedForward(dim));
  }

  forward(hiddenStates: tf.Tensor3D, encoderHiddenStates: tf.Tensor3D): tf.Tensor3D {
    if (!this.gradientCheckpointing) return this.compute(hiddenStates, encoderHiddenStates);
    return checkpoint(
      this,
      [hiddenStates, encoderHiddenStates],
      (hidden, context) => this.compute(hidden as tf.Tensor3D, context as tf.Tensor3D),
      this.gradientSink,
    );
  }

  private compute(hiddenStates: tf.Tensor3D, encoderHiddenStates: tf.Tensor3D): tf.Tensor3D {
    let hidden = tf.add<tf.Tensor3D>(this.attn1.forward(this.norm1.forward(hiddenStates)), hiddenStates);
    hidden = tf.add<tf.Tensor3D>(this.attn2.forward(this.norm2.forward(hidden), encoderHiddenStates), hidden);
    return tf.add(this.ff.forward(this.norm3.forward(hidden)), hidden);
  }
}
