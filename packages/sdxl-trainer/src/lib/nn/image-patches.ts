import * as tf from '@tensorflow/tfjs-core';

/**
 * im2col for the cpu backend: the k x k patches a convolution reads, one row per output pixel, columns in
 * (ky, kx, channel) order (the memory order of an HWIO filter), zero outside the image. With it a conv is
 * one `matMul` with the filter viewed as [k*k*in, out], and its filter gradient one more; the backward pass
 * here (col2im) sums each patch gradient back onto the pixels it came from. `input` NHWC; returns
 * [batch * outH * outW, k * k * in].
 */
export function imagePatches(
  input: tf.Tensor4D,
  kernelSize: number,
  stride: number,
  padding: number,
): tf.Tensor2D {
  const [batch, height, width, channels] = input.shape;
  const outHeight = Math.floor((height + 2 * padding - kernelSize) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - kernelSize) / stride) + 1;
  const columns = kernelSize * kernelSize * channels;
  const rows = batch * outHeight * outWidth;
  /** Calls `visit(patchOffset, pixelOffset)` for every in-image tap of every output pixel. */
  const forEachTap = (visit: (patchOffset: number, pixelOffset: number) => void) => {
    let row = 0;
    for (let b = 0; b < batch; b++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++, row++) {
          for (let ky = 0; ky < kernelSize; ky++) {
            const y = oy * stride + ky - padding;
            if (y < 0 || y >= height) continue;
            for (let kx = 0; kx < kernelSize; kx++) {
              const x = ox * stride + kx - padding;
              if (x < 0 || x >= width) continue;
              visit(
                row * columns + (ky * kernelSize + kx) * channels,
                ((b * height + y) * width + x) * channels,
              );
            }
          }
        }
      }
    }
  };
  const patches = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const source = (args[0] as tf.Tensor).dataSync() as Float32Array;
    const values = new Float32Array(rows * columns);
    forEachTap((patch, pixel) => values.set(source.subarray(pixel, pixel + channels), patch));
    return {
      value: tf.tensor2d(values, [rows, columns]),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const gradient = (dy as tf.Tensor).dataSync() as Float32Array;
        const summed = new Float32Array(batch * height * width * channels);
        forEachTap((patch, pixel) => {
          for (let c = 0; c < channels; c++) summed[pixel + c]! += gradient[patch + c]!;
        });
        return [tf.tensor4d(summed, input.shape)];
      },
    };
  });
  return patches(input) as tf.Tensor2D;
}
