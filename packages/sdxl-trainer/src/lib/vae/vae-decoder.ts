import type * as tf from '@tensorflow/tfjs-core';

import type { AutoencoderKLConfig } from '../../types/vae.js';
import { Conv2d } from '../nn/conv2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { silu } from '../nn/silu.js';
import { Upsample2D } from '../nn/upsample-2d.js';
import { VAE_EPS } from './vae-encoder.js';
import { VaeMidBlock } from './vae-mid-block.js';

interface DecoderBlock {
  resnets: ResnetBlock2D[];
  upsampler: Upsample2D | undefined;
}

/**
 * diffusers VAE `Decoder`: conv_in, mid block, UpDecoderBlock2Ds over the reversed widths
 * (layers_per_block + 1 resnets, then nearest 2x + conv except after the last), GroupNorm, SiLU,
 * conv_out. NHWC.
 */
export class VaeDecoder extends Module {
  readonly convIn: Conv2d;
  readonly upBlocks: DecoderBlock[];
  readonly midBlock: VaeMidBlock;
  readonly convNormOut: GroupNorm;
  readonly convOut: Conv2d;

  constructor(config: AutoencoderKLConfig) {
    super();
    const { layers_per_block: layers, norm_num_groups: groups } = config;
    const widths = [...config.block_out_channels].reverse();
    this.convIn = this.child('conv_in', new Conv2d(config.latent_channels, widths[0]!, 3, { padding: 1 }));
    // diffusers registers up_blocks (empty) before mid_block, which fixes the state_dict order.
    this.upBlocks = widths.map((width, block) => {
      const inWidth = widths[Math.max(block - 1, 0)]!;
      const resnets = Array.from({ length: layers + 1 }, (_, index) =>
        this.child(
          `up_blocks.${block}.resnets.${index}`,
          new ResnetBlock2D({
            inChannels: index === 0 ? inWidth : width,
            outChannels: width,
            groups,
            eps: VAE_EPS,
          }),
        ),
      );
      const upsampler =
        block < widths.length - 1
          ? this.child(`up_blocks.${block}.upsamplers.0`, new Upsample2D(width))
          : undefined;
      return { resnets, upsampler };
    });
    this.midBlock = this.child('mid_block', new VaeMidBlock(widths[0]!, groups, VAE_EPS));
    const first = config.block_out_channels[0]!;
    this.convNormOut = this.child('conv_norm_out', new GroupNorm(groups, first, VAE_EPS));
    this.convOut = this.child('conv_out', new Conv2d(first, config.out_channels, 3, { padding: 1 }));
  }

  /** NHWC latents (after post_quant_conv) -> NHWC image. */
  forward(latents: tf.Tensor4D): tf.Tensor4D {
    let hidden = this.midBlock.forward(this.convIn.forward(latents));
    for (const { resnets, upsampler } of this.upBlocks) {
      for (const resnet of resnets) hidden = resnet.forward(hidden);
      if (upsampler) hidden = upsampler.forward(hidden);
    }
    return this.convOut.forward(silu(this.convNormOut.forward(hidden)));
  }
}
