import * as tf from '@tensorflow/tfjs-core';

import { Attention } from '../nn/attention.js';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';

/**
 * diffusers `UNetMidBlock2D` as the VAE uses it (no time embedding): resnets.0, one single-head
 * self-attention over all pixels with its own group_norm and residual, resnets.1. NHWC.
 */
export class VaeMidBlock extends Module {
  readonly attention: Attention;
  readonly resnets: [ResnetBlock2D, ResnetBlock2D];

  constructor(channels: number, groups: number, eps: number) {
    super();
    // diffusers registers `attentions` before `resnets`, which fixes the state_dict order.
    this.attention = this.child(
      'attentions.0',
      new Attention({
        queryDim: channels,
        heads: 1,
        dimHead: channels,
        bias: true,
        outBias: true,
        groupNorm: { groups, eps },
      }),
    );
    const resnet = () => new ResnetBlock2D({ inChannels: channels, outChannels: channels, groups, eps });
    this.resnets = [this.child('resnets.0', resnet()), this.child('resnets.1', resnet())];
  }

  forward(input: tf.Tensor4D): tf.Tensor4D {
    const hidden = this.resnets[0].forward(input);
    const [batch, height, width, channels] = hidden.shape;
    const tokens = tf.reshape(hidden, [batch, height * width, channels]) as tf.Tensor3D;
    const attended = tf.reshape(this.attention.forward(tokens), [
      batch,
      height,
      width,
      channels,
    ]) as tf.Tensor4D;
    return this.resnets[1].forward(attended);
  }
}
