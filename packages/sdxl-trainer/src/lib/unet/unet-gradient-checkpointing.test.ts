import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SHARED } from '@pixel-tools/test-support';
import { fixtureTensor, fixtureValues, loadFixture } from '../../test-support/fixture-tensors.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

/**
 * `enableGradientCheckpointing` on the diffusers fixture UNet with the fixture's training inputs: the same
 * loss and gradients as without it, fewer bytes of tensors alive at the peak of a step, and no tensor left
 * behind by the recomputation.
 */
describe('UNet gradient checkpointing (sdxl-unet-vae-tiny)', () => {
  let unet: UNet2DConditionModel;
  let fixture: Awaited<ReturnType<typeof loadFixture>>;
  let scheduler: DDPMScheduler;

  /** The diffusers script's epsilon loss with min-SNR gamma 5 on the fixture's latents, noise and prompt. */
  function loss(): tf.Scalar {
    const timesteps = fixtureValues(fixture, 'train.timesteps');
    const noise = fixtureTensor(fixture, 'train.noise');
    const snr = tf.tensor1d(scheduler.snr(timesteps));
    const modelPred = unet.forward({
      sample: scheduler.addNoise(fixtureTensor(fixture, 'train.latents'), noise, timesteps) as tf.Tensor4D,
      timestep: tf.tensor1d(timesteps),
      encoderHiddenStates: fixtureTensor(fixture, 'unet.encoder_hidden_states') as tf.Tensor3D,
      textEmbeds: fixtureTensor(fixture, 'unet.text_embeds') as tf.Tensor2D,
      timeIds: fixtureTensor(fixture, 'unet.time_ids') as tf.Tensor2D,
    });
    const msePerSample = tf.mean(tf.squaredDifference(modelPred, noise), [1, 2, 3]);
    return tf.mean(tf.mul(msePerSample, tf.div(tf.minimum(snr, 5), snr)));
  }

  /** Loss, gradients (variable order) and the peak bytes of live tensors above the starting level. */
  async function profiledStep() {
    const variables = unet.trainableVariables();
    let result: { value: tf.Scalar; grads: tf.Tensor[] } | undefined;
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      result = { value, grads: variables.map((variable) => grads[variable.name]!) };
    });
    return { ...result!, peakBytes: profile.peakBytes - before };
  }

  beforeAll(async () => {
    unet = await UNet2DConditionModel.fromPretrained(SHARED.unetVaeTiny);
    fixture = await loadFixture(path.join(SHARED.unetVaeTiny, 'fixture.safetensors'));
    scheduler = await DDPMScheduler.fromPretrained(SHARED.unetVaeTiny, { subfolder: 'scheduler' });
  }, 60_000);
  afterAll(() => unet.dispose());

  it('gives the loss and every gradient of the plain step, with a lower peak of live tensor bytes', async () => {
    expect(unet.isGradientCheckpointing).toBe(false);
    const plain = await profiledStep();
    unet.enableGradientCheckpointing();
    expect(unet.isGradientCheckpointing).toBe(true);
    const checkpointed = await profiledStep();
    unet.enableGradientCheckpointing(false);

    expect(checkpointed.value.dataSync()[0]).toBe(plain.value.dataSync()[0]);
    const keys = [...unet.namedParameters()].map(([key]) => key);
    const maxAbs = (tensor: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tensor)).dataSync()[0]!);
    const largest = Math.max(...plain.grads.map(maxAbs));
    const offenders = keys.flatMap((key, index) => {
      const [expected, actual] = [plain.grads[index]!, checkpointed.grads[index]!];
      const scale = maxAbs(expected);
      const error = tf.tidy(() => maxAbs(tf.sub(actual, expected)));
      // Gradients summed from several uses (the time embedding, the prompt) may add up in another order;
      // analytically zero ones (a bias right before a GroupNorm) are float32 noise on both sides.
      const tolerance = 1e-6 * scale + 1e-8 * largest;
      return error <= tolerance ? [] : [`${key}: max error ${error} > ${tolerance}`];
    });
    expect(offenders).toEqual([]);
    // Gradients of parameters inside checkpointed blocks must be real, not zeros.
    const insideBlock = keys.indexOf('down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight');
    expect(maxAbs(checkpointed.grads[insideBlock]!)).toBeGreaterThan(1e-4 * largest);
    expect(checkpointed.peakBytes).toBeLessThan(0.8 * plain.peakBytes);
    tf.dispose([plain.value, checkpointed.value, ...plain.grads, ...checkpointed.grads]);
  }, 60_000);

  it('frees everything the recomputation allocates (the live tensor count is back where it started)', () => {
    unet.enableGradientCheckpointing();
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.variableGrads(loss, unet.trainableVariables());
    });
    unet.enableGradientCheckpointing(false);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().state.activeTape).toBeNull();
  }, 60_000);
});
