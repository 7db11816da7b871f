import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
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
    return tf.fused.conv2d({
      x: input,
      filter: this.weight.variable as tf.Tensor4D,
      strides: this.stride,
      pad: this.padding,
      bias: this.bias?.variable,
    });
  }
}
