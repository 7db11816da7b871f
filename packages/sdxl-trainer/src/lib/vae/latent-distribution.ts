import * as tf from '@tensorflow/tfjs-core';

/**
 * diffusers `DiagonalGaussianDistribution` over VAE latents (NCHW): mean and log-variance are the two
 * halves of the moments' channels, log-variance clamped to [-30, 20]. Owns its tensors: `dispose()`.
 */
export class LatentDistribution {
  readonly mean: tf.Tensor4D;
  readonly logvar: tf.Tensor4D;
  readonly std: tf.Tensor4D;

  /** `moments` NCHW [batch, 2 x latent channels, h, w] (quant_conv output); not disposed here. */
  constructor(moments: tf.Tensor4D) {
    const [mean, logvar, std] = tf.tidy(() => {
      const [mean, rawLogvar] = tf.split(moments, 2, 1) as [tf.Tensor4D, tf.Tensor4D];
      const logvar = tf.clipByValue(rawLogvar, -30, 20);
      return [mean, logvar, tf.exp(tf.mul(logvar, 0.5))];
    });
    this.mean = mean;
    this.logvar = logvar;
    this.std = std;
  }

  /** exp(logvar) */
  variance(): tf.Tensor4D {
    return tf.exp(this.logvar);
  }

  /** mean + std * noise, with standard normal `noise` shaped like the mean (the caller owns randomness). */
  sample(noise: tf.Tensor4D): tf.Tensor4D {
    if (noise.shape.join() !== this.mean.shape.join()) {
      throw new Error(
        `LatentDistribution.sample: noise [${noise.shape.join(', ')}] must match the latents [${this.mean.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => tf.add(this.mean, tf.mul(this.std, noise)));
  }

  /** The distribution's mode (its mean), as diffusers' `mode()`. */
  mode(): tf.Tensor4D {
    return this.mean.clone();
  }

  dispose(): void {
    tf.dispose([this.mean, this.logvar, this.std]);
  }
}
