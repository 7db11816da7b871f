import type * as tf from '@tensorflow/tfjs-core';

import type { AutoencoderKLConfig } from '../../types/vae.js';
import { Conv2d } from '../nn/conv2d.js';
import { Downsample2D } from '../nn/downsample-2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { silu } from '../nn/silu.js';
import { VaeMidBlock } from './vae-mid-block.js';

/** diffusers' VAE resnets and norms all use eps 1e-6. */
export const VAE_EPS = 1e-6;

interface EncoderBlock {
  resnets: ResnetBlock2D[];
  downsampler: Downsample2D | undefined;
}

/**
 * diffusers VAE `Encoder` (double_z): conv_in, DownEncoderBlock2Ds (resnets, then a stride-2 conv padded
 * right/bottom except after the last), mid block, GroupNorm, SiLU, conv_out to 2 x latent channels. NHWC.
 */
export class VaeEncoder extends Module {
  readonly convIn: Conv2d;
  readonly downBlocks: EncoderBlock[];
  readonly midBlock: VaeMidBlock;
  readonly convNormOut: GroupNorm;
  readonly convOut: Conv2d;

  constructor(config: AutoencoderKLConfig) {
    super();
    const { block_out_channels: widths, layers_per_block: layers, norm_num_groups: groups } = config;
    this.convIn = this.child('conv_in', new Conv2d(config.in_channels, widths[0]!, 3, { padding: 1 }));
    this.downBlocks = widths.map((width, block) => {
      const inWidth = widths[Math.max(block - 1, 0)]!;
      const resnets = Array.from({ length: layers }, (_, index) =>
        this.child(
          `down_blocks.${block}.resnets.${index}`,
          new ResnetBlock2D({
            inChannels: index === 0 ? inWidth : width,
            outChannels: width,
            groups,
            eps: VAE_EPS,
          }),
        ),
      );
      const downsampler =
        block < widths.length - 1
          ? this.child(`down_blocks.${block}.downsamplers.0`, new Downsample2D(width, 0))
          : undefined;
      return { resnets, downsampler };
    });
    const last = widths[widths.length - 1]!;
    this.midBlock = this.child('mid_block', new VaeMidBlock(last, groups, VAE_EPS));
    this.convNormOut = this.child('conv_norm_out', new GroupNorm(groups, last, VAE_EPS));
    this.convOut = this.child('conv_out', new Conv2d(last, 2 * config.latent_channels, 3, { padding: 1 }));
  }

  /** NHWC image -> NHWC [mean, logvar] moments (before quant_conv). */
  forward(image: tf.Tensor4D): tf.Tensor4D {
    let hidden = this.convIn.forward(image);
    for (const { resnets, downsampler } of this.downBlocks) {
      for (const resnet of resnets) hidden = resnet.forward(hidden);
      if (downsampler) hidden = downsampler.forward(hidden);
    }
    hidden = this.midBlock.forward(hidden);
    return this.convOut.forward(silu(this.convNormOut.forward(hidden)));
  }
}
