import type * as tf from '@tensorflow/tfjs-core';

import type { AutoencoderKLConfig } from '../../types/vae.js';
import { Conv2d } from '../nn/conv2d.js';
import { GroupNorm } from '../nn/group-norm.js';
import { Module } from '../nn/module.js';
import { silu } from '../ops/silu.js';
import { VAE_EPS, VaeBlock } from './vae-block.js';
import { VaeMidBlock } from './vae-mid-block.js';

/**
 * diffusers VAE `Decoder`: conv_in, mid block, UpDecoderBlock2Ds over the reversed widths
 * (layers_per_block + 1 resnets, an upsampler after all but the last), GroupNorm, SiLU, conv_out. NHWC.
 */
export class VaeDecoder extends Module {
  readonly convIn: Conv2d;
  readonly upBlocks: VaeBlock[];
  readonly midBlock: VaeMidBlock;
  readonly convNormOut: GroupNorm;
  readonly convOut: Conv2d;

  constructor(config: AutoencoderKLConfig) {
    super();
    const { layers_per_block: layers, norm_num_groups: groups } = config;
    const widths = [...config.block_out_channels].reverse();
    this.convIn = this.child('conv_in', new Conv2d(config.latent_channels, widths[0]!, 3, { padding: 1 }));
    // diffusers registers up_blocks (empty) before mid_block, which fixes the state_dict order.
    this.upBlocks = widths.map((width, block) =>
      this.child(
        `up_blocks.${block}`,
        new VaeBlock({
          inChannels: widths[Math.max(block - 1, 0)]!,
          outChannels: width,
          resnets: layers + 1,
          groups,
          resample: block < widths.length - 1 ? 'up' : undefined,
        }),
      ),
    );
    this.midBlock = this.child('mid_block', new VaeMidBlock(widths[0]!, groups, VAE_EPS));
    const first = config.block_out_channels[0]!;
    this.convNormOut = this.child('conv_norm_out', new GroupNorm(groups, first, VAE_EPS));
    this.convOut = this.child('conv_out', new Conv2d(first, config.out_channels, 3, { padding: 1 }));
  }

  /** NHWC latents (after post_quant_conv) -> NHWC image. */
  forward(latents: tf.Tensor4D): tf.Tensor4D {
    let hidden = this.midBlock.forward(this.convIn.forward(latents));
    for (const block of this.upBlocks) hidden = block.forward(hidden);
    return this.convOut.forward(silu(this.convNormOut.forward(hidden)));
  }
}
