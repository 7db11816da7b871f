import type * as tf from '@tensorflow/tfjs-core';

/**
 * The optimizer kernels' optional `gradientScale` input (clipping's factor): none when it is absent, else
 * the scalar itself; anything but a scalar is refused, naming `op`, since the kernels read its one value.
 */
export function gradientScaleInput(op: string, gradientScale: tf.Scalar | undefined): tf.NamedTensorMap {
  if (!gradientScale) return {};
  if (gradientScale.rank !== 0) {
    throw new Error(`${op}: gradientScale must be a scalar, got shape [${gradientScale.shape.join(', ')}].`);
  }
  return { gradientScale };
}
