import * as tf from '@tensorflow/tfjs-core';
import { Module } from './module.js';
import { conv2dFilterGradient } from './conv2d-filter-gradient.js';
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
    const { kernelSize, stride, padding } = this;
    const convolve = (x: tf.Tensor4D, w: tf.Tensor4D, b?: tf.Tensor1D) =>
      tf.fused.conv2d({ x, filter: w, strides: stride, pad: padding, bias: b });
    if (tf.getBackend() !== 'cpu') return convolve(input, filter, bias);
    // Same forward, but the filter gradient goes through one matMul (see conv2dFilterGradient).
    const withGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, w, b] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D | undefined];
      const save = args[args.length - 1] as tf.GradSaveFunc;
      save([x, w]);
      return {
        value: convolve(x, w, b instanceof tf.Tensor ? b : undefined),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [savedX, savedW] = saved as [tf.Tensor4D, tf.Tensor4D];
          const outputGradient = dy as tf.Tensor4D;
          const inputGradient = tf.conv2dTranspose(outputGradient, savedW, savedX.shape, stride, padding);
          const filterGradient = conv2dFilterGradient(savedX, outputGradient, kernelSize, stride, padding);
          return bias
            ? [inputGradient, filterGradient, tf.sum(outputGradient, [0, 1, 2])]
            : [inputGradient, filterGradient];
        },
      };
    });
    return (bias ? withGradient(input, filter, bias) : withGradient(input, filter)) as tf.Tensor4D;
  }
}
