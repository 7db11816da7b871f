import type * as tf from '@tensorflow/tfjs-core';

import { Downsample2D } from '../nn/downsample-2d.js';
import { Module } from '../nn/module.js';
import { ResnetBlock2D } from '../nn/resnet-block-2d.js';
import { Upsample2D } from '../nn/upsample-2d.js';

/** diffusers' VAE resnets and norms all use eps 1e-6. */
export const VAE_EPS = 1e-6;

export interface VaeBlockOptions {
  inChannels: number;
  outChannels: number;
  resnets: number;
  groups: number;
  /** `down`: a stride-2 conv padded right/bottom (`downsamplers.0`); `up`: nearest 2x + conv (`upsamplers.0`). */
  resample?: 'down' | 'up';
}

/**
 * diffusers `DownEncoderBlock2D` / `UpDecoderBlock2D` (no time embedding): `resnets.{i}` (the first
 * changes the width), then the optional down- or upsampler. NHWC.
 */
export class VaeBlock extends Module {
  readonly resnets: ResnetBlock2D[];
  readonly resampler: Downsample2D | Upsample2D | undefined;

  constructor({ inChannels, outChannels, resnets, groups, resample }: VaeBlockOptions) {
    super();
    this.resnets = Array.from({ length: resnets }, (_, index) =>
      this.child(
        `resnets.${index}`,
        new ResnetBlock2D({
          inChannels: index === 0 ? inChannels : outChannels,
          outChannels,
          groups,
          eps: VAE_EPS,
        }),
      ),
    );
    this.resampler =
      resample === 'down'
        ? this.child('downsamplers.0', new Downsample2D(outChannels, 0))
        : resample === 'up'
          ? this.child('upsamplers.0', new Upsample2D(outChannels))
          : undefined;
  }

  forward(input: tf.Tensor4D): tf.Tensor4D {
    let hidden = input;
    for (const resnet of this.resnets) hidden = resnet.forward(hidden);
    return this.resampler ? this.resampler.forward(hidden) : hidden;
  }
}
