import * as tf from '@tensorflow/tfjs-core';
import { sumOfSquares } from '../ops/sum-of-squares.js';

/**
 * PyTorch's `clip_grad_norm_` (L2) without touching the gradients: the total norm over all of them and the
 * factor min(1, maxNorm / (total + 1e-6)) torch multiplies each by. The optimizers take the factor as
 * `gradientScale` and apply it as they read each gradient, so clipping needs no second copy of the
 * gradients (a full set: 10 GB for SDXL). Both are scalar tensors: nothing is read back from the device.
 */
export function clipCoefficient(
  grads: readonly tf.Tensor[],
  maxNorm: number,
): { coefficient: tf.Scalar; totalNorm: tf.Scalar } {
  if (!(maxNorm > 0)) throw new Error(`clipCoefficient: maxNorm must be a positive number, got ${maxNorm}.`);
  return tf.tidy(() => {
    const totalNorm = tf.sqrt(sumOfSquares(grads)) as tf.Scalar;
    // torch multiplies by the clamped coefficient always; a factor of exactly 1 leaves every value as it is.
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(totalNorm, 1e-6)), 1) as tf.Scalar;
    return { coefficient, totalNorm };
  });
}
