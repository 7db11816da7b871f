import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * Conv2DBackpropFilter from tfjs ops (im2col): the filter gradient is one matMul, the input's k x k patches
 * (one row per output pixel) transposed times the output gradient. For wasm, which has no such kernel (so
 * tf.conv2d's gradient fails there with "Kernel 'Conv2DBackpropFilter' not registered"). (Not on webgpu: see
 * registerWebGPUKernels.) NHWC only, as tfjs itself supports for conv gradients.
 */
export const portableConv2DBackpropFilter: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as tf.Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}; use NHWC tensors.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x!.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return withInputTensors(backend, [x!, dy!], (input, outputGradient) => {
    const { top, bottom, left, right } = info.padInfo;
    const padded = tf.pad(input!, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
    const patches: tf.Tensor[] = [];
    for (let row = 0; row < info.filterHeight; row++) {
      for (let column = 0; column < info.filterWidth; column++) {
        patches.push(
          tf.stridedSlice(
            padded,
            [0, row, column, 0],
            [
              info.batchSize,
              row + (info.outHeight - 1) * info.strideHeight + 1,
              column + (info.outWidth - 1) * info.strideWidth + 1,
              info.inChannels,
            ],
            [1, info.strideHeight, info.strideWidth, 1],
          ),
        );
      }
    }
    // Columns ordered (row, column, in channel), the memory order of a [k, k, in, out] filter.
    const columns = tf.reshape(patches.length === 1 ? patches[0]! : tf.concat(patches, 3), [
      -1,
      info.filterHeight * info.filterWidth * info.inChannels,
    ]);
    const gradient = tf.matMul(columns, tf.reshape(outputGradient!, [-1, info.outChannels]), true);
    return tf.reshape(gradient, filterShape);
  });
};
