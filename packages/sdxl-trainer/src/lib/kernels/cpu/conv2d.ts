import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { convGemm } from './engine/conv-gemm.js';
import { float32Values } from './float32-values.js';
import { patchGeometry } from './patch-geometry.js';

/**
 * The cpu backend's Conv2D and FusedConv2D (`tf.conv2d`, `tf.fused.conv2d` with a bias and no activation)
 * as one matrix product of the input's patches with the filter (im2col, the patches read from the image as
 * the product goes), on the kernel engine's threads: tfjs's conv kernels are scalar loops several times
 * slower. Dilations, NCHW, activations and other bias shapes go to the stock kernel.
 */
export function createCpuConv2D(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as tf.FusedConv2DInputs;
    const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
    const geometry = patchGeometry(x!.shape, filter!.shape, attrs);
    const fusedSupported = (attrs.activation ?? 'linear') === 'linear' && !preluActivationWeights;
    const biasSupported = !bias || (bias.shape.length === 1 && bias.shape[0] === filter!.shape[3]);
    if (!geometry || !fusedSupported || !biasSupported || x!.dtype !== 'float32') return stock(args);
    const { batch, outHeight, outWidth, outChannels } = geometry;
    const image = float32Values(args.backend, x!);
    const weights = float32Values(args.backend, filter!);
    const biasValues = bias ? float32Values(args.backend, bias) : undefined;
    const out = convGemm('forward', geometry, image, weights, { bias: biasValues });
    return (args.backend as MathBackendCPU).makeTensorInfo(
      [batch, outHeight, outWidth, outChannels],
      'float32',
      out,
    );
  };
}
