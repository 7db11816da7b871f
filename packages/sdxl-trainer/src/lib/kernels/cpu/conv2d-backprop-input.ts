import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';
import { multiplyMatrices } from './multiply-matrices.js';
import { patchGeometry } from './patch-geometry.js';
import { patchesToImage } from './patches-to-image.js';

/**
 * The cpu backend's Conv2DBackpropInput (a convolution's input gradient) as dy x filter^T, the gradient of
 * each patch, summed back onto the pixels (col2im).
 */
export function createCpuConv2DBackpropInput(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as tf.Conv2DBackpropInputInputs;
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const geometry = patchGeometry(attrs.inputShape, filter!.shape, attrs);
    if (!geometry || dy!.dtype !== 'float32') return stock(args);
    const { batch, outHeight, outWidth, outChannels, kernelHeight, kernelWidth, channels } = geometry;
    const rows = batch * outHeight * outWidth;
    const patchSize = kernelHeight * kernelWidth * channels;
    const patchGradient = new Float32Array(rows * patchSize);
    multiplyMatrices(float32Values(args.backend, dy!), float32Values(args.backend, filter!), patchGradient, {
      m: rows,
      k: outChannels,
      n: patchSize,
      transposeA: false,
      transposeB: true,
    });
    return (args.backend as MathBackendCPU).makeTensorInfo(
      attrs.inputShape,
      'float32',
      patchesToImage(patchGradient, geometry),
    );
  };
}
