import type * as tf from '@tensorflow/tfjs-core';
import type { GroupNormAttrs } from '../../ops/kernel-names.js';

/** How GroupNorm's kernels walk an input: samples x positions rows of groups x groupSize channels. */
export interface GroupLayout {
  samples: number;
  positions: number;
  groups: number;
  groupSize: number;
  channels: number;
}

/** The layout of a GroupNorm input [..., channels] under its kernel's attributes. */
export function groupLayout(x: tf.TensorInfo, { groups, positions }: GroupNormAttrs): GroupLayout {
  const channels = x.shape[x.shape.length - 1]!;
  const size = x.shape.reduce((product, dim) => product * dim, 1);
  return {
    samples: size / (positions * channels),
    positions,
    groups,
    groupSize: channels / groups,
    channels,
  };
}
