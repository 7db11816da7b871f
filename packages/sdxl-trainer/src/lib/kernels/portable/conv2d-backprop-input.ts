import * as tf from '@tensorflow/tfjs-core';
import { withInputTensors } from '../with-input-tensors.js';

/**
 * Conv2DBackpropInput from tfjs ops, as a forward convolution: the stock wasm kernel is a scalar loop (~20x
 * slower than the forward conv of the same size, which runs on XNNPACK). The input gradient is
 * the output gradient, spread out by the stride (zeros between its pixels), convolved with the filter
 * rotated by 180 degrees and with in/out channels swapped, padded so the result has the input's size.
 */
export const portableConv2DBackpropInput: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as tf.Conv2DBackpropInputInputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropInput on wasm supports NHWC only, got ${dataFormat}; use NHWC tensors.`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter!.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return withInputTensors(backend, [dy!, filter!], (outputGradient, filterTensor) => {
    const spread = spreadByStride(outputGradient as tf.Tensor4D, info.strideHeight, info.strideWidth);
    const [, spreadHeight, spreadWidth] = spread.shape;
    const padTop = info.filterHeight - 1 - info.padInfo.top;
    const padLeft = info.filterWidth - 1 - info.padInfo.left;
    // Whatever makes the output inHeight x inWidth; negative when the forward conv dropped trailing pixels.
    const padBottom = info.inHeight + info.filterHeight - 1 - spreadHeight - padTop;
    const padRight = info.inWidth + info.filterWidth - 1 - spreadWidth - padLeft;
    const rotatedFilter = rotateFilter(filterTensor as tf.Tensor4D);
    return tf.conv2d(padOrCrop(spread, [padTop, padBottom], [padLeft, padRight]), rotatedFilter, 1, 'valid');
  });
};

/**
 * [k, k, in, out] -> [k, k, out, in] with the k x k grid rotated by 180 degrees, i.e. its flattened index
 * reversed. The reversal is a product with the k*k anti-identity matrix (exact: one 1 per row): on wasm
 * that runs on XNNPACK, ~8x faster than its element-wise Reverse, Gather or Concat kernels.
 */
function rotateFilter(filter: tf.Tensor4D): tf.Tensor4D {
  const [filterHeight, filterWidth, inChannels, outChannels] = filter.shape;
  const positions = filterHeight * filterWidth;
  const antiIdentity = tf.reverse(tf.eye(positions), 0);
  const reversed = tf.matMul(antiIdentity, tf.reshape(filter, [positions, inChannels * outChannels]));
  return tf.reshape(tf.transpose(tf.reshape(reversed, [positions, inChannels, outChannels]), [0, 2, 1]), [
    filterHeight,
    filterWidth,
    outChannels,
    inChannels,
  ]);
}

/** [n, h, w, c] -> [n, (h-1)*sh+1, (w-1)*sw+1, c] with the pixels sh and sw apart and zeros between. */
function spreadByStride(tensor: tf.Tensor4D, strideHeight: number, strideWidth: number): tf.Tensor4D {
  if (strideHeight === 1 && strideWidth === 1) return tensor;
  const [batch, height, width, channels] = tensor.shape;
  const spaced = tf.pad(tf.reshape(tensor, [batch, height, 1, width, 1, channels]), [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape<tf.Rank.R4>(spaced, [batch, height * strideHeight, width * strideWidth, channels]),
    [0, 0, 0, 0],
    [batch, (height - 1) * strideHeight + 1, (width - 1) * strideWidth + 1, channels],
  );
}

/** Zero-pads (positive amounts) or crops (negative amounts) the height and width of an NHWC tensor. */
function padOrCrop(tensor: tf.Tensor4D, [top, bottom]: number[], [left, right]: number[]): tf.Tensor4D {
  const padded = tf.pad<tf.Tensor4D>(tensor, [
    [0, 0],
    [Math.max(top!, 0), Math.max(bottom!, 0)],
    [Math.max(left!, 0), Math.max(right!, 0)],
    [0, 0],
  ]);
  const [batch, height, width, channels] = padded.shape;
  const cropTop = Math.max(-top!, 0);
  const cropLeft = Math.max(-left!, 0);
  return tf.slice(
    padded,
    [0, cropTop, cropLeft, 0],
    [batch, height - cropTop - Math.max(-bottom!, 0), width - cropLeft - Math.max(-right!, 0), channels],
  );
}
