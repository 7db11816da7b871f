import * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';
import { withInputTensors } from '../with-input-tensors.js';
import { groupedView } from './grouped-view.js';

/**
 * GroupNorm/LayerNorm backward from tfjs ops and the forward's statistics:
 * dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dy * gamma;
 * dgamma = sum(dy * xhat), dbeta = sum(dy) over everything but the channel axis.
 */
export function portableGroupNormGrad(args: Parameters<tf.KernelFunc>[0]): tf.Tensor[] {
  const { dy, x, gamma, statistics } = args.inputs as Record<
    'dy' | 'x' | 'gamma' | 'statistics',
    tf.TensorInfo
  >;
  const attrs = args.attrs as unknown as GroupNormAttrs;
  return withInputTensors(args.backend, [dy, x, gamma, statistics], (gradient, input, weight, stats) => {
    const grouped = groupedView(input!, attrs);
    const [samples, , groups] = grouped.shape;
    const perGroup = tf.reshape(stats!, [samples, 1, groups, 1, 2]);
    const [mean, rstd] = tf.unstack(perGroup, -1) as [tf.Tensor4D, tf.Tensor4D];
    const xhat = tf.mul(tf.sub(grouped, mean), rstd);
    const groupedGradient = groupedView(gradient!, attrs);
    // gamma [channels] as [1, 1, groups, groupSize], broadcast over samples and positions.
    const dxhat = tf.mul(groupedGradient, groupedView(weight!, { ...attrs, positions: 1 }));
    const meanDxhat = tf.mean(dxhat, [1, 3], true);
    const meanDxhatXhat = tf.mean(tf.mul(dxhat, xhat), [1, 3], true);
    const dx = tf.mul(rstd, tf.sub(tf.sub(dxhat, meanDxhat), tf.mul(xhat, meanDxhatXhat)));
    const channels = input!.shape[input!.rank - 1]!;
    const dGamma = tf.reshape(tf.sum(tf.mul(groupedGradient, xhat), [0, 1]), [channels]);
    const dBeta = tf.reshape(tf.sum(groupedGradient, [0, 1]), [channels]);
    return [tf.reshape(dx, input!.shape), dGamma, dBeta];
  });
}
