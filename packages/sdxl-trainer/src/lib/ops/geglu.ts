import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { GEGLU, GEGLU_GRAD } from './kernel-names.js';

/**
 * diffusers' GEGLU activation: the last axis split in two halves, hidden then gate, gives hidden * gelu(gate)
 * (exact GELU, erf). One kernel forward and one back, where the split, the GELU and the product were some
 * ten tfjs kernels, and the gradient comes back as one tensor of the input's shape (no concat).
 */
export function geglu<T extends tf.Tensor>(x: T): T {
  const width = x.shape.at(-1) ?? 0;
  if (x.rank === 0 || width % 2 !== 0) {
    throw new Error(`geglu: the last axis must have an even size, got shape [${x.shape.join(', ')}].`);
  }
  return tf.engine().runKernel(GEGLU, { x }) as T;
}

tf.registerGradient({
  kernelName: GEGLU,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => tf.engine().runKernel(GEGLU_GRAD, { dy: dy as tf.Tensor, x: x! }) as tf.Tensor,
  }),
});
