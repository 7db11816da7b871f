import * as tf from '@tensorflow/tfjs-core';
import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import type { PredictionType } from '../train-options/types.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';

/** One micro-batch of the training objective, with its randomness already drawn. */
export interface TrainingLossInput {
  unet: UNet2DConditionModel;
  scheduler: DDPMScheduler;
  /** VAE latents times scaling_factor, NCHW. */
  latents: tf.Tensor4D;
  /** The noise to add, shaped like `latents` (offset noise already included). */
  noise: tf.Tensor4D;
  /** One training timestep per sample. */
  timesteps: ArrayLike<number>;
  promptEmbeds: tf.Tensor3D;
  pooledPromptEmbeds: tf.Tensor2D;
  /** [batch, 6] SDXL micro-conditioning. */
  timeIds: tf.Tensor2D;
  predictionType: PredictionType;
  /** `--snr_gamma`: min-SNR loss weighting when set. */
  snrGamma?: number;
}

/** The stages of the objective (tensors owned by the caller's tidy scope). */
export interface TrainingLossParts {
  noisyLatents: tf.Tensor4D;
  modelPred: tf.Tensor4D;
  target: tf.Tensor4D;
  /** Per-sample min-SNR weights, when `snrGamma` is set. */
  lossWeights?: tf.Tensor1D;
  loss: tf.Scalar;
}

/**
 * The loss of diffusers' train_text_to_image_sdxl.py for one batch: DDPM noising, UNet prediction,
 * epsilon or v-prediction target, MSE — plain mean, or with --snr_gamma the per-sample mean weighted by
 * min(snr, gamma) / snr (epsilon) or min(snr, gamma) / (snr + 1) (v_prediction), then averaged.
 * Call it inside `tf.variableGrads` / `tf.tidy`.
 */
export function trainingLoss(input: TrainingLossInput): TrainingLossParts {
  const { unet, scheduler, latents, noise, timesteps, predictionType, snrGamma } = input;
  const noisyLatents = scheduler.addNoise(latents, noise, timesteps) as tf.Tensor4D;
  const modelPred = unet.forward({
    sample: noisyLatents,
    timestep: tf.tensor1d(Array.from(timesteps), 'float32'),
    encoderHiddenStates: input.promptEmbeds,
    textEmbeds: input.pooledPromptEmbeds,
    timeIds: input.timeIds,
  });
  const target = (
    predictionType === 'epsilon' ? noise : scheduler.getVelocity(latents, noise, timesteps)
  ) as tf.Tensor4D;
  if (snrGamma === undefined) {
    return { noisyLatents, modelPred, target, loss: tf.mean(tf.squaredDifference(modelPred, target)) };
  }
  const snr = scheduler.snr(timesteps);
  const lossWeights = tf.tensor1d(
    Float32Array.from(snr, (value) =>
      Math.fround(
        Math.min(value, snrGamma) / (predictionType === 'epsilon' ? value : Math.fround(value + 1)),
      ),
    ),
  );
  const perSample = tf.mean(tf.squaredDifference(modelPred, target), [1, 2, 3]);
  return { noisyLatents, modelPred, target, lossWeights, loss: tf.mean(tf.mul(perSample, lossWeights)) };
}
