import * as tf from '@tensorflow/tfjs-core';

/**
 * The gradient of a conv2d's filter, [k, k, in, out], as one matrix product of the input's patches
 * (im2col) with the output gradient: tfjs's cpu Conv2DBackpropFilter kernel is a scalar loop that took
 * ~85% of a UNet training step, while matMul uses the backend's blocked kernel. The patches are gathered
 * in plain JavaScript (tfjs's strided slices are slower than the matMul itself), so this is for the cpu
 * backend, whose tensors live in JavaScript memory. `input` NHWC [batch, h, w, in]; `outputGradient` NHWC
 * [batch, outH, outW, out].
 */
export function conv2dFilterGradient(
  input: tf.Tensor4D,
  outputGradient: tf.Tensor4D,
  kernelSize: number,
  stride: number,
  padding: number,
): tf.Tensor4D {
  const [batch, outHeight, outWidth, outChannels] = outputGradient.shape;
  const [, height, width, inChannels] = input.shape;
  const rows = batch * outHeight * outWidth;
  const columns = kernelSize * kernelSize * inChannels;
  return tf.tidy(() => {
    const gradientRows = tf.reshape(outputGradient, [rows, outChannels]) as tf.Tensor2D;
    let patches: tf.Tensor2D;
    if (kernelSize === 1 && stride === 1 && padding === 0) {
      patches = tf.reshape(input, [rows, inChannels]);
    } else {
      const source = input.dataSync() as Float32Array;
      // Zero-initialised, so padding needs no writes. Columns in (ky, kx, channel) order = HWIO memory order.
      const values = new Float32Array(rows * columns);
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
                const from = ((b * height + y) * width + x) * inChannels;
                values.set(
                  source.subarray(from, from + inChannels),
                  row * columns + (ky * kernelSize + kx) * inChannels,
                );
              }
            }
          }
        }
      }
      patches = tf.tensor2d(values, [rows, columns]);
    }
    const weight = tf.matMul(patches, gradientRows, true, false);
    return tf.reshape(weight, [kernelSize, kernelSize, inChannels, outChannels]);
  });
}
