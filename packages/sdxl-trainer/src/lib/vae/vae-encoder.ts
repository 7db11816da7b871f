import type * as tf from '@tensorflow/tfjs-core';

import type { AutoencoderKLConfig } from '../../types/vae.js';
import { Conv2d } from '../nn/conv2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import { Module } from '../nn/module.js';
import { silu } from '../ops/silu.js';
import { VAE_EPS, VaeBlock } from './vae-block.js';
import { VaeMidBlock } from './vae-mid-block.js';

/**
 * diffusers VAE `Encoder` (double_z): conv_in, DownEncoderBlock2Ds (a downsampler after all but the last),
 * mid block, GroupNorm, SiLU, conv_out to 2 x latent channels. NHWC.
 */
export class VaeEncoder extends Module {
  readonly convIn: Conv2d;
  readonly downBlocks: VaeBlock[];
  readonly midBlock: VaeMidBlock;
  readonly convNormOut: GroupNorm;
  readonly convOut: Conv2d;

  constructor(config: AutoencoderKLConfig) {
    super();
    const { block_out_channels: widths, layers_per_block: layers, norm_num_groups: groups } = config;
    this.convIn = this.child('conv_in', new Conv2d(config.in_channels, widths[0]!, 3, { padding: 1 }));
    this.downBlocks = widths.map((width, block) =>
      this.child(
        `down_blocks.${block}`,
        new VaeBlock({
          inChannels: widths[Math.max(block - 1, 0)]!,
          outChannels: width,
          resnets: layers,
          groups,
          resample: block < widths.length - 1 ? 'down' : undefined,
        }),
      ),
    );
    const last = widths[widths.length - 1]!;
    this.midBlock = this.child('mid_block', new VaeMidBlock(last, groups, VAE_EPS));
    this.convNormOut = this.child('conv_norm_out', new GroupNorm(groups, last, VAE_EPS));
    this.convOut = this.child('conv_out', new Conv2d(last, 2 * config.latent_channels, 3, { padding: 1 }));
  }

  /** NHWC image -> NHWC [mean, logvar] moments (before quant_conv). */
  forward(image: tf.Tensor4D): tf.Tensor4D {
    let hidden = this.convIn.forward(image);
    for (const block of this.downBlocks) hidden = block.forward(hidden);
    hidden = this.midBlock.forward(hidden);
    return this.convOut.forward(silu(this.convNormOut.forward(hidden)));
  }
}
