import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { GROUP_NORM, GROUP_NORM_GRAD, type GroupNormAttrs } from './kernel-names.js';

/**
 * Normalisation over channel groups of the last axis, with a per-channel affine: GroupNorm when
 * `positionsPerSample` spans all positions of an image, LayerNorm when it is 1 (each token its own sample)
 * and `groups` is 1. `input` is [..., channels] with `samples x positionsPerSample` leading elements;
 * statistics are taken per (sample, group) over its positions and the group's channels (biased variance,
 * as PyTorch). One kernel forward (which also returns the statistics, kept for the backward pass) and one
 * back.
 */
export function normalizeGroups<T extends tf.Tensor>(
  input: T,
  weight: tf.Tensor1D,
  bias: tf.Tensor1D,
  groups: number,
  positionsPerSample: number,
  eps: number,
): T {
  const attrs: GroupNormAttrs = { groups, positions: positionsPerSample, eps };
  const [output] = tf
    .engine()
    .runKernel(
      GROUP_NORM,
      { x: input, gamma: weight, beta: bias },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
  return output as T;
}

tf.registerGradient({
  kernelName: GROUP_NORM,
  inputsToSave: ['x', 'gamma'],
  // The second output, per (sample, group) [mean, 1 / std], is what the backward pass needs.
  outputsToSave: [false, true],
  gradFunc: (dy, saved, attrs) => {
    const [x, gamma, statistics] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const outputGradient = Array.isArray(dy) ? dy[0]! : dy;
    const [dx, dGamma, dBeta] = tf
      .engine()
      .runKernel(GROUP_NORM_GRAD, { dy: outputGradient, x, gamma, statistics }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
  },
});
