import * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';

/** `x` [..., channels] viewed as [samples, positions, groups, groupSize], GroupNorm's statistics axes 1 and 3. */
export function groupedView(x: tf.Tensor, { groups, positions }: GroupNormAttrs): tf.Tensor4D {
  const channels = x.shape[x.rank - 1]!;
  return tf.reshape(x, [x.size / (positions * channels), positions, groups, channels / groups]);
}
