import * as tf from '@tensorflow/tfjs-core';

/** Where a 2-D convolution reads its input: NHWC image, kernel, stride, padding before, output size. */
export interface PatchGeometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  /** A 1x1 kernel with stride 1 and no padding: the patches are the image itself. */
  pointwise: boolean;
}

/**
 * The patch geometry of a convolution as tfjs describes it (`attrs` of Conv2D, FusedConv2D and their
 * gradients), or undefined for what the cpu kernels leave to tfjs's own: dilation, NCHW.
 */
export function patchGeometry(
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'> & {
    dilations?: tf.Conv2DAttrs['dilations'];
  },
): PatchGeometry | undefined {
  if (attrs.dataFormat === 'NCHW') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return undefined;
  const geometry = {
    batch: info.batchSize,
    height: info.inHeight,
    width: info.inWidth,
    channels: info.inChannels,
    kernelHeight: info.filterHeight,
    kernelWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
  };
  const pointwise =
    geometry.kernelHeight === 1 &&
    geometry.kernelWidth === 1 &&
    geometry.strideHeight === 1 &&
    geometry.strideWidth === 1 &&
    geometry.padTop === 0 &&
    geometry.padLeft === 0 &&
    geometry.outHeight === geometry.height &&
    geometry.outWidth === geometry.width;
  return { ...geometry, pointwise };
}
