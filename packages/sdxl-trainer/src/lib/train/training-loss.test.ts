import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, fixtureValues, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import { PARITY_TIMEOUT_MS } from '../../test-support/parity-timeout.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { trainingLoss } from './training-loss.js';

describe('trainingLoss on the tiny-sdxl-pipe e2e step', () => {
  let unet: UNet2DConditionModel;
  let scheduler: DDPMScheduler;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;

  beforeAll(async () => {
    unet = await UNet2DConditionModel.fromPretrained(SHARED.tinyPipeline, { subfolder: 'unet' });
    scheduler = await DDPMScheduler.fromPretrained(SHARED.tinyPipeline, { subfolder: 'scheduler' });
    fixture = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'));
  }, PARITY_TIMEOUT_MS);
  afterAll(() => unet.dispose());

  const input = (predictionType: 'epsilon' | 'v_prediction', snrGamma?: number) => ({
    unet,
    scheduler,
    latents: fixtureTensor(fixture, 'vae.latent_sample_scaled') as tf.Tensor4D,
    noise: fixtureTensor(fixture, 'e2e.noise') as tf.Tensor4D,
    timesteps: fixtureValues(fixture, 'e2e.timesteps'),
    promptEmbeds: fixtureTensor(fixture, 'e2e.prompt_embeds') as tf.Tensor3D,
    pooledPromptEmbeds: fixtureTensor(fixture, 'e2e.text_embeds') as tf.Tensor2D,
    timeIds: fixtureTensor(fixture, 'e2e.time_ids') as tf.Tensor2D,
    predictionType,
    snrGamma,
  });

  it('reproduces the noisy latents, prediction, min-SNR weights and loss of the diffusers step', () => {
    tf.tidy(() => {
      const parts = trainingLoss(input('epsilon', 5));
      expect(maxAbsDiff(parts.noisyLatents, fixture.get('e2e.noisy_latents'))).toBeLessThan(1e-6);
      expect(maxAbsDiff(parts.modelPred, fixture.get('e2e.model_pred'))).toBeLessThan(2e-5);
      expect(maxAbsDiff(parts.lossWeights!, fixture.get('e2e.mse_loss_weights'))).toBeLessThan(1e-6);
      const expected = fixtureValues(fixture, 'e2e.loss')[0]!;
      expect(Math.abs(parts.loss.dataSync()[0]! - expected) / expected).toBeLessThan(1e-5);
    });
  });

  it('uses the velocity target and min(snr, gamma) / (snr + 1) for v_prediction, a plain MSE without gamma', () => {
    tf.tidy(() => {
      const timesteps = fixtureValues(fixture, 'e2e.timesteps');
      const snr = fixtureValues(fixture, 'e2e.snr');
      const v = trainingLoss(input('v_prediction', 5));
      const velocity = scheduler.getVelocity(input('epsilon').latents, input('epsilon').noise, timesteps);
      expect(maxAbsDiff(v.target, { ...fixture.get('e2e.noise')!, data: velocity.dataSync() })).toBe(0);
      const weights = Array.from(v.lossWeights!.dataSync());
      weights.forEach((w, i) => expect(w).toBeCloseTo(Math.min(snr[i]!, 5) / (snr[i]! + 1), 6));
      const plain = trainingLoss(input('epsilon'));
      expect(plain.lossWeights).toBeUndefined();
      const mse = tf.mean(tf.squaredDifference(plain.modelPred, plain.target)).dataSync()[0]!;
      expect(plain.loss.dataSync()[0]).toBe(mse);
    });
  });
});
