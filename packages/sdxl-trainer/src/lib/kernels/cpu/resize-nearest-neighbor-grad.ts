import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { float32Values } from './float32-values.js';

/**
 * The cpu backend's ResizeNearestNeighborGrad (the gradient of every `Upsample2D`), replacing tfjs's, which
 * is wrong for a batch of two or more: it reads dy at each image's offset in the *input* (tfjs-backend-cpu
 * 4.22 `ResizeNearestNeighborGrad.ts`: `dyROffset = batchOffset + ...` with the images' batch stride), so
 * every image after the first gets another image's gradient. It also ignores `halfPixelCenters`.
 *
 * This one is the exact transpose of the forward kernel: each dy value is added to the input pixel the
 * forward pass copied it from, with the same source-index rule (tfjs-backend-cpu `ResizeNearestNeighbor.ts`).
 */
export function cpuResizeNearestNeighborGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { images, dy } = args.inputs as tf.ResizeNearestNeighborGradInputs;
  const { alignCorners, halfPixelCenters } = args.attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
  const [batch, inHeight, inWidth, channels] = images!.shape as [number, number, number, number];
  const [, outHeight, outWidth] = dy!.shape as [number, number, number, number];
  const sourceRow = sourceIndex(inHeight, outHeight, alignCorners, halfPixelCenters);
  const sourceColumn = sourceIndex(inWidth, outWidth, alignCorners, halfPixelCenters);
  const gradient = float32Values(args.backend, dy!);
  const dx = new Float32Array(batch * inHeight * inWidth * channels);
  let dyOffset = 0;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < outHeight; y++) {
      const rowOffset = (b * inHeight + sourceRow(y)) * inWidth;
      for (let x = 0; x < outWidth; x++) {
        const pixelOffset = (rowOffset + sourceColumn(x)) * channels;
        for (let c = 0; c < channels; c++) dx[pixelOffset + c]! += gradient[dyOffset++]!;
      }
    }
  }
  return (args.backend as MathBackendCPU).makeTensorInfo(images!.shape, 'float32', dx);
}

/** The forward pass's rule for which input index (of `inSize`) output index `i` (of `outSize`) copies. */
function sourceIndex(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): (i: number) => number {
  const ratio = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  return (i) => {
    const fractional = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(fractional) : Math.floor(fractional));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  };
}
