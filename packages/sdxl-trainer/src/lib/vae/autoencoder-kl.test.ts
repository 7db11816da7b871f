import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import { AutoencoderKL } from './autoencoder-kl.js';
import { LatentDistribution } from './latent-distribution.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';

const ATOL = 1e-5;

describe('AutoencoderKL against diffusers 0.27', () => {
  it(
    'encodes the sdxl-unet-vae-tiny image: moments, mean, logvar, std, sample',
    async () => {
      const vae = await AutoencoderKL.fromPretrained(SHARED.unetVaeTiny, { subfolder: 'vae' });
      expect(vae.parameterCount()).toBe(1_250_759);
      const fixture = await loadFixture(
        path.join(SHARED.unetVaeTiny, 'fixture.safetensors'),
        [
          'image',
          'moments',
          'latent_mean',
          'latent_logvar',
          'latent_std',
          'latent_sample',
          'latent_sample_scaled',
          'sample_noise',
        ].map((name) => `vae.${name}`),
      );
      const image = fixtureTensor(fixture, 'vae.image') as tf.Tensor4D;
      const noise = fixtureTensor(fixture, 'vae.sample_noise') as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const moments = vae.moments(image);
      expect(maxAbsDiff(moments, fixture.get('vae.moments'))).toBeLessThan(ATOL);
      // encode() is quant_conv(encoder(x)) wrapped in the distribution; build it from the same moments.
      const posterior = new LatentDistribution(moments);
      expect(maxAbsDiff(posterior.mean, fixture.get('vae.latent_mean'))).toBeLessThan(ATOL);
      expect(maxAbsDiff(posterior.logvar, fixture.get('vae.latent_logvar'))).toBeLessThan(ATOL);
      expect(maxAbsDiff(posterior.std, fixture.get('vae.latent_std'))).toBeLessThan(ATOL);
      const sample = posterior.sample(noise);
      expect(maxAbsDiff(sample, fixture.get('vae.latent_sample'))).toBeLessThan(ATOL);
      const scaled = tf.mul(sample, vae.config.scaling_factor);
      expect(maxAbsDiff(scaled, fixture.get('vae.latent_sample_scaled'))).toBeLessThan(ATOL);
      tf.dispose([moments, sample, scaled]);
      posterior.dispose();
      expect(tf.memory().numTensors).toBe(before);
      vae.dispose();
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'encodes the tiny-sdxl-pipe images to the latents the training script caches',
    async () => {
      const vae = await AutoencoderKL.fromPretrained(SHARED.tinyPipeline, { subfolder: 'vae' });
      const expected = await loadFixture(
        path.join(SHARED.tinyPipeline, 'expected.safetensors'),
        [
          'pixel_values',
          'latent_mean',
          'latent_logvar',
          'latent_std',
          'latent_mean_scaled',
          'latent_sample_scaled',
          'sample_noise',
        ].map((name) => `vae.${name}`),
      );
      const posterior = vae.encode(fixtureTensor(expected, 'vae.pixel_values') as tf.Tensor4D);
      expect(maxAbsDiff(posterior.mean, expected.get('vae.latent_mean'))).toBeLessThan(ATOL);
      expect(maxAbsDiff(posterior.logvar, expected.get('vae.latent_logvar'))).toBeLessThan(ATOL);
      expect(maxAbsDiff(posterior.std, expected.get('vae.latent_std'))).toBeLessThan(ATOL);
      const scale = vae.config.scaling_factor;
      expect(maxAbsDiff(tf.mul(posterior.mean, scale), expected.get('vae.latent_mean_scaled'))).toBeLessThan(
        ATOL,
      );
      const sample = posterior.sample(fixtureTensor(expected, 'vae.sample_noise') as tf.Tensor4D);
      expect(maxAbsDiff(tf.mul(sample, scale), expected.get('vae.latent_sample_scaled'))).toBeLessThan(ATOL);

      // No decoder ground truth exists: check shape, finiteness and that nothing leaks (one image is enough).
      const latents = tf.slice(posterior.mean, [0, 0, 0, 0], [1, -1, -1, -1]);
      const before = tf.memory().numTensors;
      const decoded = vae.decode(latents);
      expect(decoded.shape).toEqual([1, 3, 64, 64]);
      const values = decoded.dataSync();
      expect(values.every(Number.isFinite)).toBe(true);
      decoded.dispose();
      expect(tf.memory().numTensors).toBe(before);
      posterior.dispose();
      vae.dispose();
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'rejects inputs and configs it cannot handle, naming the problem',
    () => {
      const twoBlocks = {
        down_block_types: ['DownEncoderBlock2D', 'DownEncoderBlock2D'],
        up_block_types: ['UpDecoderBlock2D', 'UpDecoderBlock2D'],
      };
      const vae = new AutoencoderKL({ ...twoBlocks, block_out_channels: [32, 32] });
      expect(() => vae.moments(tf.zeros([1, 4, 8, 8]) as tf.Tensor4D)).toThrow(
        /NCHW with 3 channels and sides divisible by 2/,
      );
      expect(() => new AutoencoderKL({ ...twoBlocks, block_out_channels: [32, 48] })).toThrow(
        '"norm_num_groups" is 32, which does not divide the block width 48',
      );
      expect(
        () => new AutoencoderKL({ down_block_types: ['AttnDownEncoderBlock2D'], block_out_channels: [32] }),
      ).toThrow('"down_block_types" has "AttnDownEncoderBlock2D" at index 0');
    },
    PARITY_TIMEOUT_MS,
  );
});
