import * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { withInputTensors } from '../with-input-tensors.js';
import { groupedView } from './grouped-view.js';

/**
 * GroupNorm/LayerNorm forward from tfjs ops (moments per (sample, group), biased variance as PyTorch):
 * outputs y and the [samples * groups, 2] statistics [mean, 1 / std] the backward kernel reads.
 */
export function portableGroupNorm(args: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const attrs = args.attrs as unknown as GroupNormAttrs;
  return withInputTensors(args.backend, [x, gamma, beta], (input, weight, bias) => {
    const grouped = groupedView(input!, attrs);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    const rstd = tf.rsqrt(tf.add(variance, attrs.eps));
    const normalised = tf.reshape(tf.mul(tf.sub(grouped, mean), rstd), input!.shape);
    const y = tf.add(tf.mul(normalised, weight!), bias!);
    return [y, tf.reshape(tf.stack([mean, rstd], -1), [-1, 2])];
  });
}
