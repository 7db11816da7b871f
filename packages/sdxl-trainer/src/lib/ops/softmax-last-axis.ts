import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { SOFTMAX_LAST_AXIS, SOFTMAX_LAST_AXIS_GRAD } from './kernel-names.js';

/**
 * Softmax over the last axis (attention weights); its gradient, y * (dy - sum(dy * y)), is one kernel
 * instead of tfjs's chain of element-wise ops and a reduction.
 */
export function softmaxLastAxis<T extends tf.Tensor>(logits: T): T {
  return tf.engine().runKernel(SOFTMAX_LAST_AXIS, { logits }) as T;
}

tf.registerGradient({
  kernelName: SOFTMAX_LAST_AXIS,
  outputsToSave: [true],
  gradFunc: (dy, [y]) => ({
    logits: () => tf.engine().runKernel(SOFTMAX_LAST_AXIS_GRAD, { dy: dy as tf.Tensor, y: y! }) as tf.Tensor,
  }),
});
