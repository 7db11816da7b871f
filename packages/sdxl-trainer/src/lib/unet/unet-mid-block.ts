import type * as tf from '@tensorflow/tfjs-core';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { Transformer2DModel } from './transformer-2d-model.js';

export interface UNetMidBlockOptions {
  channels: number;
  tembChannels: number;
  groups: number;
  eps: number;
  outputScaleFactor: number;
  heads: number;
  layers: number;
  crossAttentionDim: number;
  useLinearProjection: boolean;
}

/** diffusers `UNetMidBlock2DCrossAttn` (one attention layer): resnets.0, attentions.0, resnets.1. */
export class UNetMidBlock extends Module {
  readonly attention: Transformer2DModel;
  readonly resnets: [ResnetBlock2D, ResnetBlock2D];

  constructor(options: UNetMidBlockOptions) {
    super();
    const { channels, tembChannels, groups, eps, outputScaleFactor } = options;
    this.attention = this.child(
      'attentions.0',
      new Transformer2DModel({
        channels,
        heads: options.heads,
        layers: options.layers,
        crossAttentionDim: options.crossAttentionDim,
        normGroups: groups,
        useLinearProjection: options.useLinearProjection,
      }),
    );
    const resnet = (index: number) =>
      this.child(
        `resnets.${index}`,
        new ResnetBlock2D({
          inChannels: channels,
          outChannels: channels,
          tembChannels,
          groups,
          eps,
          outputScaleFactor,
        }),
      );
    this.resnets = [resnet(0), resnet(1)];
  }

  forward(input: tf.Tensor4D, temb: tf.Tensor2D, encoderHiddenStates: tf.Tensor3D): tf.Tensor4D {
    const hidden = this.attention.forward(this.resnets[0].forward(input, temb), encoderHiddenStates);
    return this.resnets[1].forward(hidden, temb);
  }
}
