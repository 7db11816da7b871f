import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import {
  adamWStepMismatches,
  gradientMismatches,
  TORCH_ADAMW,
} from '../../test-support/fixture-step-checks.js';
import { fixtureTensor, fixtureValues, loadFixture, maxAbsDiff } from '../../test-support/fixture-tensors.js';
import { AdamW } from '../optim/adamw.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

/**
 * One SDXL training step on the diffusers fixture (epsilon prediction, min-SNR gamma 5), the way the
 * diffusers training script computes it, checked at every stage; and then the same step repeated to show
 * the live tensor count is stable. The forward+backward is computed once (it takes seconds).
 */
describe('UNet training step against diffusers (sdxl-unet-vae-tiny)', () => {
  let unet: UNet2DConditionModel;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  let gradsAll: Awaited<ReturnType<typeof loadFixture>>;
  let scheduler: DDPMScheduler;
  let step: {
    noisyLatents: tf.Tensor;
    modelPred: tf.Tensor;
    msePerSample: tf.Tensor;
    weights: tf.Tensor;
    loss: tf.Scalar;
    grads: tf.Tensor[];
  };

  function lossParts(timesteps: number[]) {
    const latents = fixtureTensor(fixture, 'train.latents');
    const noise = fixtureTensor(fixture, 'train.noise');
    const noisyLatents = scheduler.addNoise(latents, noise, timesteps) as tf.Tensor4D;
    const snr = tf.tensor1d(scheduler.snr(timesteps));
    const weights = tf.div(tf.minimum(snr, 5), snr);
    const modelPred = unet.forward({
      sample: noisyLatents,
      timestep: tf.tensor1d(timesteps),
      encoderHiddenStates: fixtureTensor(fixture, 'unet.encoder_hidden_states') as tf.Tensor3D,
      textEmbeds: fixtureTensor(fixture, 'unet.text_embeds') as tf.Tensor2D,
      timeIds: fixtureTensor(fixture, 'unet.time_ids') as tf.Tensor2D,
    });
    const msePerSample = tf.mean(tf.squaredDifference(modelPred, noise), [1, 2, 3]);
    const loss = tf.mean(tf.mul(msePerSample, weights)) as tf.Scalar;
    return { noisyLatents, modelPred, msePerSample, weights, loss };
  }

  /** Forward, backward; gradients in the model's variable order (in-memory layout). */
  function forwardBackward(timesteps: number[], { keepStages = false } = {}) {
    const variables = unet.trainableVariables();
    let parts: ReturnType<typeof lossParts> | undefined;
    const { value, grads } = tf.variableGrads(() => {
      parts = lossParts(timesteps);
      // variableGrads disposes what the loss function made; keep the stages for the checks.
      if (keepStages)
        [parts.noisyLatents, parts.modelPred, parts.msePerSample, parts.weights].forEach((tensor) =>
          tf.keep(tensor),
        );
      return parts.loss;
    }, variables);
    return { ...parts!, loss: value, grads: variables.map((variable) => grads[variable.name]!) };
  }

  beforeAll(async () => {
    unet = await UNet2DConditionModel.fromPretrained(SHARED.unetVaeTiny);
    fixture = await loadFixture(path.join(SHARED.unetVaeTiny, 'fixture.safetensors'));
    gradsAll = await loadFixture(path.join(SHARED.unetVaeTiny, 'grads_all.safetensors'));
    scheduler = await DDPMScheduler.fromPretrained(SHARED.unetVaeTiny, { subfolder: 'scheduler' });
    step = tf.tidy(() => forwardBackward(fixtureValues(fixture, 'train.timesteps'), { keepStages: true }));
  }, 120_000);
  afterAll(() => unet.dispose());

  it('computes noisy latents, prediction, SNR weights and loss like the diffusers script', () => {
    expect(maxAbsDiff(step.noisyLatents, fixture.get('train.noisy_latents'))).toBeLessThan(1e-6);
    expect(maxAbsDiff(step.modelPred, fixture.get('train.model_pred'))).toBeLessThan(2e-5);
    expect(maxAbsDiff(step.weights, fixture.get('train.mse_loss_weights'))).toBeLessThan(1e-6);
    expect(maxAbsDiff(step.msePerSample, fixture.get('train.mse_per_sample'))).toBeLessThan(1e-5 * 0.3);
    const expectedLoss = fixtureValues(fixture, 'train.loss')[0]!;
    expect(Math.abs(step.loss.dataSync()[0]! - expectedLoss) / expectedLoss).toBeLessThan(1e-5);
  });

  it("gives the gradient of every parameter within 1e-4 of each tensor's max", async () => {
    const { mismatches, analyticallyZero } = await gradientMismatches(unet, step.grads, gradsAll);
    expect(mismatches).toEqual([]);
    expect(
      analyticallyZero.every((key) =>
        /(conv1\.bias|time_emb_proj|up_blocks\.2\.resnets\.1\.(conv2|conv_shortcut)\.bias)/.test(key),
      ),
    ).toBe(true);
  });

  it("clips to norm 1 and takes the AdamW step to torch's parameters", async () => {
    const { grads, totalNorm } = clipGradNorm(step.grads, 1);
    const expectedNorm = fixtureValues(fixture, 'train.grad_norm')[0]!;
    expect(Math.abs(totalNorm.dataSync()[0]! - expectedNorm) / expectedNorm).toBeLessThan(1e-5);
    const optimiser = new AdamW(unet.trainableVariables(), TORCH_ADAMW);
    optimiser.applyGradients(grads);
    tf.dispose([...grads, totalNorm]);
    expect(await adamWStepMismatches(unet, fixture, gradsAll)).toEqual([]);
    optimiser.dispose();
  });

  it('keeps the live tensor count stable across repeated forward + backward + AdamW steps', () => {
    tf.dispose(Object.values(step).flat() as tf.Tensor[]);
    const optimiser = new AdamW(unet.trainableVariables(), { learningRate: 1e-4 });
    const counts: number[] = [];
    for (let iteration = 0; iteration < 3; iteration++) {
      tf.tidy(() => {
        const { grads } = forwardBackward([500]);
        const clipped = clipGradNorm(grads, 1);
        optimiser.applyGradients(clipped.grads);
      });
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[0]);
    expect(counts[1]).toBe(counts[0]);
    optimiser.dispose();
  }, 180_000);
});
