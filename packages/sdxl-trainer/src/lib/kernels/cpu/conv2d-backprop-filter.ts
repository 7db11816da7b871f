import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';
import { imageToPatches } from './image-to-patches.js';
import { multiplyMatrices } from './multiply-matrices.js';
import { patchGeometry } from './patch-geometry.js';

/**
 * The cpu backend's Conv2DBackpropFilter (a convolution's weight gradient) as patches(x)^T x dy: one
 * matrix product instead of tfjs's scalar loop, the slowest kernel of a training step before it.
 */
export function createCpuConv2DBackpropFilter(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as tf.Conv2DBackpropFilterInputs;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const geometry = patchGeometry(x!.shape, attrs.filterShape, attrs);
    if (!geometry || x!.dtype !== 'float32') return stock(args);
    const { batch, outHeight, outWidth, outChannels, kernelHeight, kernelWidth, channels } = geometry;
    const patchSize = kernelHeight * kernelWidth * channels;
    const out = new Float32Array(patchSize * outChannels);
    multiplyMatrices(
      imageToPatches(float32Values(args.backend, x!), geometry),
      float32Values(args.backend, dy!),
      out,
      { m: patchSize, k: batch * outHeight * outWidth, n: outChannels, transposeA: true, transposeB: false },
    );
    return (args.backend as MathBackendCPU).makeTensorInfo(attrs.filterShape, 'float32', out);
  };
}
