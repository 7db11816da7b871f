import * as tf from '@tensorflow/tfjs-core';
import { clipCoefficient } from './clip-coefficient.js';

/**
 * PyTorch's `clip_grad_norm_` (L2): the total norm over all gradients, and the gradients scaled by
 * min(1, maxNorm / (total + 1e-6)). Returns new tensors (the caller disposes the inputs if it wants).
 * `totalNorm` is a scalar tensor, the value before clipping, as torch returns it. Nothing is read back from
 * the device. Training passes `clipCoefficient`'s factor to the optimizer instead, which needs no copy.
 */
export function clipGradNorm(
  grads: tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; totalNorm: tf.Scalar } {
  const { coefficient, totalNorm } = clipCoefficient(grads, maxNorm);
  const clipped = tf.tidy(() => grads.map((grad) => tf.mul(grad, coefficient)));
  coefficient.dispose();
  return { grads: clipped, totalNorm };
}
