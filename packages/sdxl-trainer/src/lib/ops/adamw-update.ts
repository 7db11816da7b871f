import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { ADAMW_UPDATE, type AdamWUpdateAttrs } from './kernel-names.js';

/**
 * One variable's AdamW update as torch computes it in float32 (see optim/adamw.ts): returns the new
 * parameter, first and second moments. One kernel, so a backend can do it in one pass over the values.
 */
export function adamWUpdate(
  parameter: tf.Tensor,
  gradient: tf.Tensor,
  firstMoment: tf.Tensor,
  secondMoment: tf.Tensor,
  attrs: AdamWUpdateAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf
    .engine()
    .runKernel(
      ADAMW_UPDATE,
      { parameter, gradient, firstMoment, secondMoment },
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
}
