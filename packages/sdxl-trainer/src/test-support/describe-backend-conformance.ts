import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../lib/backend/select-backend.js';
import { AdamW } from '../lib/optim/adamw.js';
import { clipCoefficient } from '../lib/optim/clip-coefficient.js';
import { SdxlPromptEncoder } from '../lib/pipeline/sdxl-prompt-encoder.js';
import { DDPMScheduler } from '../lib/scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';
import { AutoencoderKL } from '../lib/vae/autoencoder-kl.js';
import type { BackendChoice } from '../types/backend.js';
import type { LoadedTensor } from '../types/safetensors.js';
import { SHARED } from '@pixel-tools/test-support';
import { adamWStepMismatches, gradientMismatches, TORCH_ADAMW } from './fixture-step-checks.js';
import { fixtureTensor, fixtureValues, loadFixture } from './fixture-tensors.js';
import { PARITY_TIMEOUT_MS } from './parity-timeout.js';

type Fixture = Map<string, LoadedTensor>;

/** max |actual - expected|, read asynchronously (webgpu in Node cannot read synchronously). */
async function maxAbsDiff(actual: tf.Tensor, expected: LoadedTensor | undefined): Promise<number> {
  if (!expected) throw new Error('expected tensor missing from the fixture');
  expect(actual.shape).toEqual(expected.shape);
  const values = await actual.data();
  const reference = expected.data as Float32Array;
  let max = 0;
  for (let i = 0; i < reference.length; i++) max = Math.max(max, Math.abs(values[i]! - reference[i]!));
  return Number.isNaN(max) ? Infinity : max;
}

async function scalar(tensor: tf.Tensor): Promise<number> {
  return (await tensor.data())[0]!;
}

/**
 * The backend conformance suite: the same diffusers/transformers ground truth on whichever backend is named.
 * Selecting the backend is part of the suite: a backend that cannot start fails it (no skip). Every value is
 * read back asynchronously, as training does.
 * - The UNet's forward pass (sdxl-unet-vae-tiny, batch 1).
 * - One training step at batch 2 with non-square latents (sdxl-unet-b2): loss, every gradient within 1e-4 of
 *   its tensor's largest element, the clipped norm and the AdamW result; with and without gradient
 *   checkpointing. At batch 2 every batch-dependent gradient is exercised (Upsample2D's among them).
 * - The two CLIP text encoders and the VAE encoder (tiny-sdxl-pipe).
 */
export function describeBackendConformance(backend: Exclude<BackendChoice, 'auto'>): void {
  describe(`backend conformance: ${backend}`, () => {
    beforeAll(async () => {
      const selected = await selectBackend(backend, { log: false });
      expect(tf.getBackend()).toBe(selected.backendName);
    }, PARITY_TIMEOUT_MS);

    it(
      'runs the UNet forward pass like diffusers (sdxl-unet-vae-tiny, batch 1)',
      async () => {
        const unet = await UNet2DConditionModel.fromPretrained(SHARED.unetVaeTiny);
        const fixture = await loadFixture(path.join(SHARED.unetVaeTiny, 'fixture.safetensors'));
        const output = tf.tidy(() =>
          unet.forward({
            sample: fixtureTensor(fixture, 'unet.sample') as tf.Tensor4D,
            timestep: fixtureTensor(fixture, 'unet.timesteps_f32') as tf.Tensor1D,
            encoderHiddenStates: fixtureTensor(fixture, 'unet.encoder_hidden_states') as tf.Tensor3D,
            textEmbeds: fixtureTensor(fixture, 'unet.text_embeds') as tf.Tensor2D,
            timeIds: fixtureTensor(fixture, 'unet.time_ids') as tf.Tensor2D,
          }),
        );
        expect(await maxAbsDiff(output, fixture.get('unet.out_sample'))).toBeLessThan(2e-5);
        output.dispose();
        unet.dispose();
      },
      PARITY_TIMEOUT_MS,
    );

    describe.each([
      ['without', false],
      ['with', true],
    ])('one training step at batch 2 (sdxl-unet-b2), %s gradient checkpointing', (_, checkpointing) => {
      let unet: UNet2DConditionModel;
      let fixture: Fixture;
      let gradsAll: Fixture;
      let loss: tf.Scalar;
      let grads: tf.Tensor[];

      beforeAll(async () => {
        unet = await UNet2DConditionModel.fromPretrained(SHARED.unetB2);
        unet.enableGradientCheckpointing(checkpointing);
        fixture = await loadFixture(path.join(SHARED.unetB2, 'fixture.safetensors'));
        gradsAll = await loadFixture(path.join(SHARED.unetB2, 'grads_all.safetensors'));
        const scheduler = await DDPMScheduler.fromPretrained(SHARED.unetB2, { subfolder: 'scheduler' });
        const timesteps = fixtureValues(fixture, 'train.timesteps');
        const variables = unet.trainableVariables();
        const step = tf.variableGrads(() => {
          const noise = fixtureTensor(fixture, 'train.noise');
          const noisyLatents = scheduler.addNoise(fixtureTensor(fixture, 'train.latents'), noise, timesteps);
          const snr = tf.tensor1d(scheduler.snr(timesteps));
          const modelPred = unet.forward({
            sample: noisyLatents as tf.Tensor4D,
            timestep: tf.tensor1d(timesteps),
            encoderHiddenStates: fixtureTensor(fixture, 'unet.encoder_hidden_states') as tf.Tensor3D,
            textEmbeds: fixtureTensor(fixture, 'unet.text_embeds') as tf.Tensor2D,
            timeIds: fixtureTensor(fixture, 'unet.time_ids') as tf.Tensor2D,
          });
          const msePerSample = tf.mean(tf.squaredDifference(modelPred, noise), [1, 2, 3]);
          return tf.mean(tf.mul(msePerSample, tf.div(tf.minimum(snr, 5), snr))) as tf.Scalar;
        }, variables);
        loss = step.value;
        grads = variables.map((variable) => step.grads[variable.name]!);
      }, PARITY_TIMEOUT_MS);
      afterAll(() => {
        tf.dispose([loss, ...grads]);
        unet.dispose();
      });

      it('gives the loss to 1e-5', async () => {
        const expected = fixtureValues(fixture, 'train.loss')[0]!;
        expect(Math.abs((await scalar(loss)) - expected) / expected).toBeLessThan(1e-5);
      });

      it(
        "gives every parameter's gradient within 1e-4 of its tensor's largest element",
        async () => {
          expect((await gradientMismatches(unet, grads, gradsAll)).mismatches).toEqual([]);
        },
        PARITY_TIMEOUT_MS,
      );

      it(
        "clips to norm 1 and takes the AdamW step to torch's parameters (the factor applied as training does)",
        async () => {
          const { coefficient, totalNorm } = clipCoefficient(grads, 1);
          const expectedNorm = fixtureValues(fixture, 'train.grad_norm')[0]!;
          expect(Math.abs((await scalar(totalNorm)) - expectedNorm) / expectedNorm).toBeLessThan(1e-5);
          const optimizer = new AdamW(unet.trainableVariables(), TORCH_ADAMW);
          optimizer.applyGradients(grads, { gradientScale: coefficient });
          tf.dispose([coefficient, totalNorm]);
          expect(await adamWStepMismatches(unet, fixture, gradsAll)).toEqual([]);
          optimizer.dispose();
        },
        PARITY_TIMEOUT_MS,
      );
    });

    it(
      'encodes prompts with both CLIP text encoders like transformers (tiny-sdxl-pipe)',
      async () => {
        const encoder = await SdxlPromptEncoder.fromPretrained(SHARED.tinyPipeline);
        const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
          'prompt_embeds',
          'pooled_prompt_embeds',
        ]);
        const prompts = (
          (await import(path.join(SHARED.tinyPipeline, 'expected.json'), { with: { type: 'json' } })) as {
            default: { prompts: { text: string }[] };
          }
        ).default.prompts.map((prompt) => prompt.text);
        const { promptEmbeds, pooledPromptEmbeds } = encoder.encode(prompts);
        expect(await maxAbsDiff(promptEmbeds, expected.get('prompt_embeds'))).toBeLessThan(1e-5);
        expect(await maxAbsDiff(pooledPromptEmbeds, expected.get('pooled_prompt_embeds'))).toBeLessThan(1e-5);
        tf.dispose([promptEmbeds, pooledPromptEmbeds]);
        encoder.dispose();
      },
      PARITY_TIMEOUT_MS,
    );

    it(
      'encodes images with the VAE like diffusers (tiny-sdxl-pipe)',
      async () => {
        const vae = await AutoencoderKL.fromPretrained(SHARED.tinyPipeline, { subfolder: 'vae' });
        const expected = await loadFixture(path.join(SHARED.tinyPipeline, 'expected.safetensors'), [
          'vae.pixel_values',
          'vae.latent_mean',
          'vae.latent_logvar',
          'vae.latent_sample_scaled',
          'vae.sample_noise',
        ]);
        const posterior = vae.encode(fixtureTensor(expected, 'vae.pixel_values') as tf.Tensor4D);
        expect(await maxAbsDiff(posterior.mean, expected.get('vae.latent_mean'))).toBeLessThan(1e-5);
        expect(await maxAbsDiff(posterior.logvar, expected.get('vae.latent_logvar'))).toBeLessThan(1e-5);
        const sample = tf.mul(
          posterior.sample(fixtureTensor(expected, 'vae.sample_noise') as tf.Tensor4D),
          vae.config.scaling_factor,
        );
        expect(await maxAbsDiff(sample, expected.get('vae.latent_sample_scaled'))).toBeLessThan(1e-5);
        tf.dispose(sample);
        posterior.dispose();
        vae.dispose();
      },
      PARITY_TIMEOUT_MS,
    );
  });
}
