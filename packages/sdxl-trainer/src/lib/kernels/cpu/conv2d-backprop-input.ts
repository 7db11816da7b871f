import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { convGemm } from './engine/conv-gemm.js';
import { float32Values } from './float32-values.js';
import { patchGeometry } from './patch-geometry.js';

/**
 * The cpu backend's Conv2DBackpropInput (a convolution's input gradient) as one matrix product on the
 * kernel engine's threads: each input pixel gathers the output gradients of the taps that read it, times
 * the filter transposed (no scatter, so the threads never write the same value).
 */
export function createCpuConv2DBackpropInput(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as tf.Conv2DBackpropInputInputs;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const geometry = patchGeometry(attrs.inputShape, filter!.shape, attrs);
    if (!geometry || dy!.dtype !== 'float32') return stock(args);
    const out = convGemm(
      'input',
      geometry,
      float32Values(args.backend, dy!),
      float32Values(args.backend, filter!),
    );
    return (args.backend as MathBackendCPU).makeTensorInfo(attrs.inputShape, 'float32', out);
  };
}
