import * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { Upsample2D } from '../nn/upsample-2d.js';
import { Transformer2DModel, type CrossAttentionOptions } from './transformer-2d-model.js';

export interface UNetUpBlockOptions {
  /** Channels of the matching down block's input (the last skip connection's width). */
  inChannels: number;
  prevOutputChannels: number;
  outChannels: number;
  tembChannels: number;
  layers: number;
  groups: number;
  eps: number;
  addUpsample: boolean;
  /** Present for `CrossAttnUpBlock2D`, absent for `UpBlock2D`. */
  crossAttention?: CrossAttentionOptions;
}

/**
 * diffusers `UpBlock2D` / `CrossAttnUpBlock2D`: each resnet takes the running state concatenated (on
 * channels) with one skip connection, popped from the end; optional attentions; optional `upsamplers.0`.
 */
export class UNetUpBlock extends Module {
  readonly attentions: Transformer2DModel[];
  readonly resnets: ResnetBlock2D[];
  readonly upsampler: Upsample2D | undefined;

  constructor(options: UNetUpBlockOptions) {
    super();
    const { inChannels, prevOutputChannels, outChannels, tembChannels, layers, groups, eps, crossAttention } =
      options;
    this.attentions = crossAttention
      ? Array.from({ length: layers }, (_, index) =>
          this.child(
            `attentions.${index}`,
            new Transformer2DModel({ channels: outChannels, normGroups: groups, ...crossAttention }),
          ),
        )
      : [];
    this.resnets = Array.from({ length: layers }, (_, index) => {
      const skipChannels = index === layers - 1 ? inChannels : outChannels;
      const resnetInChannels = index === 0 ? prevOutputChannels : outChannels;
      return this.child(
        `resnets.${index}`,
        new ResnetBlock2D({
          inChannels: resnetInChannels + skipChannels,
          outChannels,
          tembChannels,
          groups,
          eps,
        }),
      );
    });
    this.upsampler = options.addUpsample
      ? this.child('upsamplers.0', new Upsample2D(outChannels))
      : undefined;
  }

  /** `skips` is consumed from its end (the most recent skip connection first). */
  forward(
    input: tf.Tensor4D,
    skips: tf.Tensor4D[],
    temb: tf.Tensor2D,
    encoderHiddenStates: tf.Tensor3D,
  ): tf.Tensor4D {
    let hidden = input;
    this.resnets.forEach((resnet, index) => {
      const skip = skips.pop();
      if (skip === undefined)
        throw new Error('UNet up block: ran out of skip connections (down/up blocks do not match).');
      hidden = resnet.forward(tf.concat([hidden, skip], -1), temb);
      const attention = this.attentions[index];
      if (attention) hidden = attention.forward(hidden, encoderHiddenStates);
    });
    return this.upsampler ? this.upsampler.forward(hidden) : hidden;
  }
}
