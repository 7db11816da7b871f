import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { convGemm } from './engine/conv-gemm.js';
import { float32Values } from './float32-values.js';
import { patchGeometry } from './patch-geometry.js';

/**
 * The cpu backend's Conv2DBackpropFilter (a convolution's weight gradient) as patches(x)^T x dy: one
 * matrix product on the kernel engine's threads instead of tfjs's scalar loop.
 */
export function createCpuConv2DBackpropFilter(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as tf.Conv2DBackpropFilterInputs;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const geometry = patchGeometry(x!.shape, attrs.filterShape, attrs);
    if (!geometry || x!.dtype !== 'float32') return stock(args);
    const out = convGemm(
      'filter',
      geometry,
      float32Values(args.backend, x!),
      float32Values(args.backend, dy!),
    );
    return (args.backend as MathBackendCPU).makeTensorInfo(attrs.filterShape, 'float32', out);
  };
}
