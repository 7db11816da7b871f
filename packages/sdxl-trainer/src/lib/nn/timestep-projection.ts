import * as tf from '@tensorflow/tfjs-core';

export interface TimestepProjectionOptions {
  flipSinToCos: boolean;
  downscaleFreqShift: number;
  maxPeriod?: number;
}

/**
 * diffusers `get_timestep_embedding` (the `Timesteps` module, no parameters): sinusoids of `timesteps`
 * [n] at `dim` frequencies, [n, dim]; cos half first when `flipSinToCos`.
 */
export function timestepProjection(
  timesteps: tf.Tensor1D,
  dim: number,
  { flipSinToCos, downscaleFreqShift, maxPeriod = 10000 }: TimestepProjectionOptions,
): tf.Tensor2D {
  if (dim % 2 !== 0) {
    throw new Error(`Timestep embedding dimension must be even, got ${dim}.`);
  }
  return tf.tidy(() => {
    const half = dim / 2;
    // Same float32 steps as PyTorch: -ln(maxPeriod) * i, divided by (half - shift), then exp.
    const exponent = tf.div(
      tf.mul(tf.range(0, half, 1, 'float32'), -Math.log(maxPeriod)),
      half - downscaleFreqShift,
    );
    const angles = tf.mul(
      tf.reshape(tf.cast(timesteps, 'float32'), [-1, 1]),
      tf.reshape(tf.exp(exponent), [1, half]),
    );
    const [first, second] = flipSinToCos
      ? [tf.cos(angles), tf.sin(angles)]
      : [tf.sin(angles), tf.cos(angles)];
    return tf.concat([first, second], 1) as tf.Tensor2D;
  });
}
