import * as tf from '@tensorflow/tfjs-core';
import { Conv2d } from '../nn/conv2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { BasicTransformerBlock } from './basic-transformer-block.js';

/** What a UNet block's cross-attention transformers share (everything but their width and norm groups). */
export interface CrossAttentionOptions {
  heads: number;
  /** Transformer blocks per Transformer2DModel (`transformer_layers_per_block`). */
  layers: number;
  crossAttentionDim: number;
  useLinearProjection: boolean;
}

export interface Transformer2DModelOptions extends CrossAttentionOptions {
  channels: number;
  normGroups: number;
}

/**
 * diffusers `Transformer2DModel` (continuous input): GroupNorm (eps 1e-6), proj_in, transformer_blocks,
 * proj_out, residual. proj_in/proj_out are Linear with `use_linear_projection`, 1x1 convs otherwise. NHWC.
 */
export class Transformer2DModel extends Module {
  readonly norm: GroupNorm;
  readonly projIn: Linear | Conv2d;
  readonly blocks: BasicTransformerBlock[];
  readonly projOut: Linear | Conv2d;

  constructor({
    channels,
    heads,
    layers,
    crossAttentionDim,
    normGroups,
    useLinearProjection,
  }: Transformer2DModelOptions) {
    super();
    const projection = () =>
      useLinearProjection ? new Linear(channels, channels) : new Conv2d(channels, channels, 1);
    this.norm = this.child('norm', new GroupNorm(normGroups, channels, 1e-6));
    this.projIn = this.child('proj_in', projection());
    this.blocks = Array.from({ length: layers }, (_, index) =>
      this.child(
        `transformer_blocks.${index}`,
        new BasicTransformerBlock(channels, heads, channels / heads, crossAttentionDim),
      ),
    );
    this.projOut = this.child('proj_out', projection());
  }

  forward(input: tf.Tensor4D, encoderHiddenStates: tf.Tensor3D): tf.Tensor4D {
    const [batch, height, width, channels] = input.shape;
    // In NHWC, [batch, h, w, c] -> [batch, h*w, c] is a free reshape; a 1x1 conv equals a Linear here.
    let hidden = tf.reshape(this.norm.forward(input), [batch, height * width, channels]) as tf.Tensor3D;
    hidden = projectTokens(this.projIn, hidden);
    for (const block of this.blocks) {
      hidden = block.forward(hidden, encoderHiddenStates);
    }
    hidden = projectTokens(this.projOut, hidden);
    return tf.add(tf.reshape(hidden, [batch, height, width, channels]), input);
  }
}

function projectTokens(projection: Linear | Conv2d, tokens: tf.Tensor3D): tf.Tensor3D {
  if (projection instanceof Linear) return projection.forward(tokens);
  const [batch, count, channels] = tokens.shape;
  const asImage = tf.reshape(tokens, [batch, count, 1, channels]) as tf.Tensor4D;
  return tf.reshape(projection.forward(asImage), [batch, count, -1]) as tf.Tensor3D;
}
