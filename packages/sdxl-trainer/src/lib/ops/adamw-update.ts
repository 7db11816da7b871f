import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { gradientScaleInput } from './gradient-scale-input.js';
import { ADAMW_UPDATE, type AdamWUpdateAttrs } from './kernel-names.js';

/**
 * One variable's AdamW update as torch computes it in float32 (see optim/adamw.ts): returns the new
 * parameter, first and second moments. One kernel, so a backend can do it in one pass over the values.
 * `gradientScale`, a scalar, multiplies the gradient (in float32) as it is read: gradient clipping's
 * factor, so the clipped gradient never needs a tensor of its own.
 */
export function adamWUpdate(
  parameter: tf.Tensor,
  gradient: tf.Tensor,
  firstMoment: tf.Tensor,
  secondMoment: tf.Tensor,
  attrs: AdamWUpdateAttrs,
  gradientScale?: tf.Scalar,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const inputs: tf.NamedTensorMap = {
    parameter,
    gradient,
    firstMoment,
    secondMoment,
    ...gradientScaleInput('adamWUpdate', gradientScale),
  };
  return tf.engine().runKernel(ADAMW_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
}
