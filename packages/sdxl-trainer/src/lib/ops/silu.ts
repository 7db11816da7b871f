import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { SILU, SILU_GRAD } from './kernel-names.js';

/** SiLU (swish), x * sigmoid(x): PyTorch's `F.silu`, one kernel forward and one back. */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.engine().runKernel(SILU, { x }) as T;
}

tf.registerGradient({
  kernelName: SILU,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({
    x: () => tf.engine().runKernel(SILU_GRAD, { dy: dy as tf.Tensor, x: x! }) as tf.Tensor,
  }),
});
