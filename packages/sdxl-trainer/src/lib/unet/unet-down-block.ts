import type * as tf from '@tensorflow/tfjs-core';
import { Downsample2D } from '../nn/downsample-2d.js';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { Transformer2DModel, type CrossAttentionOptions } from './transformer-2d-model.js';

export interface UNetDownBlockOptions {
  inChannels: number;
  outChannels: number;
  tembChannels: number;
  layers: number;
  groups: number;
  eps: number;
  addDownsample: boolean;
  downsamplePadding: number;
  /** Present for `CrossAttnDownBlock2D`, absent for `DownBlock2D`. */
  crossAttention?: CrossAttentionOptions;
}

/**
 * diffusers `DownBlock2D` / `CrossAttnDownBlock2D` (same keys, the latter with `attentions`): resnets,
 * optional attentions after each resnet, optional `downsamplers.0`. Returns the skip connections too.
 */
export class UNetDownBlock extends Module {
  readonly attentions: Transformer2DModel[];
  readonly resnets: ResnetBlock2D[];
  readonly downsampler: Downsample2D | undefined;

  constructor(options: UNetDownBlockOptions) {
    super();
    const { inChannels, outChannels, tembChannels, layers, groups, eps, crossAttention } = options;
    this.attentions = crossAttention
      ? Array.from({ length: layers }, (_, index) =>
          this.child(
            `attentions.${index}`,
            new Transformer2DModel({ channels: outChannels, normGroups: groups, ...crossAttention }),
          ),
        )
      : [];
    this.resnets = Array.from({ length: layers }, (_, index) =>
      this.child(
        `resnets.${index}`,
        new ResnetBlock2D({
          inChannels: index === 0 ? inChannels : outChannels,
          outChannels,
          tembChannels,
          groups,
          eps,
        }),
      ),
    );
    this.downsampler = options.addDownsample
      ? this.child('downsamplers.0', new Downsample2D(outChannels, options.downsamplePadding))
      : undefined;
  }

  forward(
    input: tf.Tensor4D,
    temb: tf.Tensor2D,
    encoderHiddenStates: tf.Tensor3D,
  ): { output: tf.Tensor4D; skips: tf.Tensor4D[] } {
    const skips: tf.Tensor4D[] = [];
    let hidden = input;
    this.resnets.forEach((resnet, index) => {
      hidden = resnet.forward(hidden, temb);
      const attention = this.attentions[index];
      if (attention) hidden = attention.forward(hidden, encoderHiddenStates);
      skips.push(hidden);
    });
    if (this.downsampler) {
      hidden = this.downsampler.forward(hidden);
      skips.push(hidden);
    }
    return { output: hidden, skips };
  }
}
