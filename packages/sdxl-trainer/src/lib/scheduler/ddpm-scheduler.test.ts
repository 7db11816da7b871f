import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, fixtureValues, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import type { LoadedTensor } from '../../types/safetensors.js';
import { DDPMScheduler } from './ddpm-scheduler.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';

describe('DDPMScheduler against diffusers 0.27', () => {
  let scheduler: DDPMScheduler;
  let fixture: Map<string, LoadedTensor>;
  beforeAll(async () => {
    scheduler = await DDPMScheduler.fromPretrained(SHARED.unetVaeTiny, { subfolder: 'scheduler' });
    fixture = await loadFixture(path.join(SHARED.unetVaeTiny, 'fixture.safetensors'), [
      'sched.betas',
      'sched.alphas_cumprod',
      'train.latents',
      'train.noise',
      'train.timesteps',
      'train.noisy_latents',
      'train.snr',
    ]);
  }, PARITY_TIMEOUT_MS);

  it(
    'builds scaled_linear betas and alphas_cumprod bit for bit',
    () => {
      expect(Array.from(scheduler.betas)).toEqual(
        Array.from(fixture.get('sched.betas')!.data as Float32Array),
      );
      expect(Array.from(scheduler.alphasCumprod)).toEqual(
        Array.from(fixture.get('sched.alphas_cumprod')!.data as Float32Array),
      );
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'adds noise and computes the SNR of the training step',
    () => {
      const timesteps = fixtureValues(fixture, 'train.timesteps');
      const noisy = scheduler.addNoise(
        fixtureTensor(fixture, 'train.latents'),
        fixtureTensor(fixture, 'train.noise'),
        timesteps,
      );
      expect(maxAbsDiff(noisy, fixture.get('train.noisy_latents'))).toBeLessThanOrEqual(1e-7);
      expect(Array.from(scheduler.snr(timesteps))).toEqual(
        Array.from(fixture.get('train.snr')!.data as Float32Array),
      );
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'reads the SDXL pipeline scheduler config (an Euler config) and matches the e2e step',
    async () => {
      const pipeScheduler = await DDPMScheduler.fromPretrained(SHARED.tinyPipeline, {
        subfolder: 'scheduler',
      });
      const e2e = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
        'vae.latent_sample_scaled',
        'e2e.noise',
        'e2e.timesteps',
        'e2e.noisy_latents',
        'e2e.snr',
        'e2e.mse_loss_weights',
      ]);
      const timesteps = fixtureValues(e2e, 'e2e.timesteps');
      const noisy = pipeScheduler.addNoise(
        fixtureTensor(e2e, 'vae.latent_sample_scaled'),
        fixtureTensor(e2e, 'e2e.noise'),
        timesteps,
      );
      expect(maxAbsDiff(noisy, e2e.get('e2e.noisy_latents'))).toBeLessThanOrEqual(1e-7);
      const snr = pipeScheduler.snr(timesteps);
      expect(Array.from(snr)).toEqual(Array.from(e2e.get('e2e.snr')!.data as Float32Array));
      const weights = Array.from(snr, (value) => Math.fround(Math.fround(Math.min(value, 5)) / value));
      expect(weights).toEqual(Array.from(e2e.get('e2e.mse_loss_weights')!.data as Float32Array));
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'gives the velocity target sqrt(abar) noise - sqrt(1 - abar) x0',
    () => {
      const sample = tf.ones([2, 1, 2, 2]);
      const noise = tf.fill([2, 1, 2, 2], 2);
      const velocity = scheduler.getVelocity(sample, noise, [0, 999]).dataSync();
      for (const [index, t] of [0, 999].entries()) {
        const abar = scheduler.alphasCumprod[t]!;
        expect(velocity[index * 4]).toBeCloseTo(2 * Math.sqrt(abar) - Math.sqrt(1 - abar), 6);
      }
    },
    PARITY_TIMEOUT_MS,
  );

  it.each([
    ['leading', 1, [901, 801, 701, 601, 501, 401, 301, 201, 101, 1]],
    ['trailing', 0, [999, 899, 799, 699, 599, 499, 399, 299, 199, 99]],
    ['linspace', 0, [999, 888, 777, 666, 555, 444, 333, 222, 111, 0]],
  ] as const)('spaces 10 inference timesteps "%s" as diffusers', (spacing, offset, expected) => {
    const spaced = new DDPMScheduler({ timestep_spacing: spacing, steps_offset: offset });
    expect(spaced.setTimesteps(10)).toEqual(expected);
  });

  it(
    'a DDPM step with the true noise recovers x0 at the last timestep',
    () => {
      const sampler = new DDPMScheduler({ ...scheduler.config, clip_sample: false });
      sampler.setTimesteps(10);
      const x0 = tf.tensor([[0.3, -0.2]]);
      const noise = tf.tensor([[1.5, -0.7]]);
      const xt = sampler.addNoise(x0, noise, [1]);
      // From t=1 the previous timestep is < 0, so the step returns the predicted x0 exactly (no variance).
      const previous = sampler.step(noise, 1, xt, tf.zerosLike(xt));
      const [first, second] = previous.dataSync();
      expect(first).toBeCloseTo(0.3, 5);
      expect(second).toBeCloseTo(-0.2, 5);
    },
    PARITY_TIMEOUT_MS,
  );

  it(
    'names unsupported or inconsistent config fields',
    () => {
      expect(() => new DDPMScheduler({ beta_schedule: 'sigmoid' as never })).toThrow(
        /beta_schedule "sigmoid" is not supported/,
      );
      expect(() => new DDPMScheduler({ trained_betas: [0.1, 0.2] })).toThrow(
        /trained_betas has 2 values but num_train_timesteps is 1000/,
      );
      expect(() => new DDPMScheduler({ rescale_betas_zero_snr: true as never })).toThrow(
        /rescale_betas_zero_snr/,
      );
      expect(() => scheduler.snr([1000])).toThrow(/timestep 1000 is outside 0\.\.999/);
    },
    PARITY_TIMEOUT_MS,
  );
});
