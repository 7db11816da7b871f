import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import { imagePatches } from './image-patches.js';
import { matMul } from './mat-mul.js';
import type { Parameter } from './parameter.js';

export interface Conv2dOptions {
  stride?: number;
  /** Zero padding on every side (PyTorch's `padding`). */
  padding?: number;
  bias?: boolean;
}

/**
 * torch.nn.Conv2d on NHWC input. `weight` is [out, in, k, k] in the state_dict and [k, k, in, out] in memory.
 */
export class Conv2d extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly stride: number;
  readonly padding: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    { stride = 1, padding = 0, bias = true }: Conv2dOptions = {},
  ) {
    super();
    this.stride = stride;
    this.padding = padding;
    const init = { kind: 'uniform-fan-in', fanIn: inChannels * kernelSize * kernelSize } as const;
    this.weight = this.parameter(
      'weight',
      [outChannels, inChannels, kernelSize, kernelSize],
      init,
      'conv-hwio',
    );
    this.bias = bias ? this.parameter('bias', [outChannels], init) : undefined;
  }

  forward(input: tf.Tensor4D): tf.Tensor4D {
    const filter = this.weight.variable as tf.Tensor4D;
    const bias = this.bias?.variable as tf.Tensor1D | undefined;
    const { kernelSize, stride, padding, inChannels, outChannels } = this;
    if (tf.getBackend() !== 'cpu') {
      return tf.fused.conv2d({ x: input, filter, strides: stride, pad: padding, bias });
    }
    // On the cpu backend, a conv as one matMul of the input's patches (im2col) with the filter: tfjs's conv
    // kernels (Conv2DBackpropFilter above all) are scalar loops, several times slower than our matMul.
    const [batch, height, width] = input.shape;
    const outHeight = Math.floor((height + 2 * padding - kernelSize) / stride) + 1;
    const outWidth = Math.floor((width + 2 * padding - kernelSize) / stride) + 1;
    const patches =
      kernelSize === 1 && stride === 1 && padding === 0
        ? (tf.reshape(input, [batch * height * width, inChannels]) as tf.Tensor2D)
        : imagePatches(input, kernelSize, stride, padding);
    const filterMatrix = tf.reshape(filter, [
      kernelSize * kernelSize * inChannels,
      outChannels,
    ]) as tf.Tensor2D;
    const output = matMul(patches, filterMatrix, false, false, bias);
    return tf.reshape(output, [batch, outHeight, outWidth, outChannels]);
  }
}
