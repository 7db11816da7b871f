import * as tf from '@tensorflow/tfjs-core';

/**
 * PyTorch's `clip_grad_norm_` (L2): the total norm over all gradients, and the gradients scaled by
 * min(1, maxNorm / (total + 1e-6)). Returns new tensors (the caller disposes the inputs if it wants).
 * `totalNorm` is a scalar tensor, the value before clipping, as torch returns it.
 */
export function clipGradNorm(
  grads: tf.Tensor[],
  maxNorm: number,
): { grads: tf.Tensor[]; totalNorm: tf.Scalar } {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}.`);
  return tf.tidy(() => {
    // Norm of the per-tensor norms, in the same order of operations as torch (not one flat sum of squares).
    const norms = grads.map((grad) => tf.norm(grad));
    const totalNorm = tf.norm(tf.stack(norms)) as tf.Scalar;
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(totalNorm, 1e-6)), 1);
    return { grads: grads.map((grad) => tf.mul(grad, coefficient)), totalNorm };
  });
}
