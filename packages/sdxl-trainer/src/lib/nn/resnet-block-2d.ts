import * as tf from '@tensorflow/tfjs-core';
import { checkpoint, type GradientSink } from './checkpoint.js';
import { Conv2d } from './conv2d.js';
import { GroupNorm } from './group-norm.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { silu } from '../ops/silu.js';

export interface ResnetBlock2DOptions {
  inChannels: number;
  outChannels: number;
  /** Width of the time embedding; no `time_emb_proj` when absent (the VAE). */
  tembChannels?: number;
  groups: number;
  eps: number;
  outputScaleFactor?: number;
}

/**
 * diffusers `ResnetBlock2D` (time_embedding_norm "default", SiLU, no up/down sampling, dropout 0):
 * keys norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut (1x1, when in != out). NHWC.
 */
export class ResnetBlock2D extends Module {
  readonly norm1: GroupNorm;
  readonly conv1: Conv2d;
  readonly timeEmbProj: Linear | undefined;
  readonly norm2: GroupNorm;
  readonly conv2: Conv2d;
  readonly convShortcut: Conv2d | undefined;
  readonly outputScaleFactor: number;
  /** When true, this block's activations are recomputed in the backward pass instead of kept (see `checkpoint`). */
  gradientCheckpointing = false;
  /** With gradient checkpointing, where this block's parameter gradients go in a fused backward pass. */
  gradientSink: GradientSink | undefined;

  constructor(options: ResnetBlock2DOptions) {
    super();
    const { inChannels, outChannels, groups, eps } = options;
    this.outputScaleFactor = options.outputScaleFactor ?? 1;
    this.norm1 = this.child('norm1', new GroupNorm(groups, inChannels, eps));
    this.conv1 = this.child('conv1', new Conv2d(inChannels, outChannels, 3, { padding: 1 }));
    this.timeEmbProj =
      options.tembChannels === undefined
        ? undefined
        : this.child('time_emb_proj', new Linear(options.tembChannels, outChannels));
    this.norm2 = this.child('norm2', new GroupNorm(groups, outChannels, eps));
    this.conv2 = this.child('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1 }));
    this.convShortcut =
      inChannels === outChannels
        ? undefined
        : this.child('conv_shortcut', new Conv2d(inChannels, outChannels, 1));
  }

  /** `input` NHWC [batch, h, w, in]; `temb` [batch, tembChannels] (required when the block has time_emb_proj). */
  forward(input: tf.Tensor4D, temb?: tf.Tensor2D): tf.Tensor4D {
    if (!this.gradientCheckpointing) return this.compute(input, temb);
    const inputs = temb === undefined ? [input] : [input, temb];
    return checkpoint(
      this,
      inputs,
      (x, t) => this.compute(x as tf.Tensor4D, t as tf.Tensor2D | undefined),
      this.gradientSink,
    );
  }

  private compute(input: tf.Tensor4D, temb: tf.Tensor2D | undefined): tf.Tensor4D {
    let hidden = this.conv1.forward(silu(this.norm1.forward(input)));
    if (this.timeEmbProj) {
      if (temb === undefined) {
        throw new Error('ResnetBlock2D: this block has time_emb_proj and needs a time embedding.');
      }
      const projected = this.timeEmbProj.forward(silu(temb));
      hidden = tf.add(hidden, tf.reshape(projected, [projected.shape[0], 1, 1, projected.shape[1]]));
    }
    hidden = this.conv2.forward(silu(this.norm2.forward(hidden)));
    const shortcut = this.convShortcut ? this.convShortcut.forward(input) : input;
    const output = tf.add<tf.Tensor4D>(shortcut, hidden);
    return this.outputScaleFactor === 1 ? output : tf.div(output, this.outputScaleFactor);
  }
}
