import * as tf from '@tensorflow/tfjs-core';
import { sumOfSquares } from '../ops/sum-of-squares.js';

/**
 * PyTorch's `clip_grad_norm_` (L2): the total norm over all gradients, and the gradients scaled by
 * min(1, maxNorm / (total + 1e-6)). Returns new tensors (the caller disposes the inputs if it wants).
 * `totalNorm` is a scalar tensor, the value before clipping, as torch returns it. Nothing is read back from
 * the device: the scale stays a tensor.
 */
export function clipGradNorm(
  grads: tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; totalNorm: tf.Scalar } {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}.`);
  return tf.tidy(() => {
    // Added pairwise, not with tf.addN: one AddN of every parameter's sum binds hundreds of buffers at once,
    // and WebGPU allows a shader 8-16 (the result was silently 0).
    const sumOfAll = grads.reduce<tf.Tensor>((sum, grad) => tf.add(sum, sumOfSquares(grad)), tf.scalar(0));
    const totalNorm = tf.sqrt(sumOfAll) as tf.Scalar;
    // torch multiplies by the clamped coefficient always; a factor of exactly 1 leaves every value as it is.
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(totalNorm, 1e-6)), 1);
    return { grads: grads.map((grad) => tf.mul(grad, coefficient)), totalNorm };
  });
}
