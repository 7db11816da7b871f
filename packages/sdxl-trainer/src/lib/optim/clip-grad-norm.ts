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
    const totalNorm =
      tf.getBackend() === 'cpu'
        ? tf.scalar(
            Math.sqrt(grads.reduce((sum, grad) => sum + sumOfSquares(grad.dataSync() as Float32Array), 0)),
          )
        : // Norm of the per-tensor norms, as torch computes it.
          (tf.norm(tf.stack(grads.map((grad) => tf.norm(grad)))) as tf.Scalar);
    const coefficient = Math.min(maxNorm / (totalNorm.dataSync()[0]! + 1e-6), 1);
    return {
      grads: grads.map((grad) => (coefficient === 1 ? grad.clone() : tf.mul(grad, coefficient))),
      totalNorm,
    };
  });
}

/** Sum of squares in float64 (one pass; tfjs's norm is several element-wise ops). */
function sumOfSquares(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return sum;
}
