import * as tf from '@tensorflow/tfjs-core';
import { RandomGenerator } from '../random/random-generator.js';
import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { createTimestepSampler } from '../timesteps/create-timestep-sampler.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { TrainingInputCache } from './cache-training-inputs.js';
import { drawStepNoise } from './draw-step-noise.js';
import { stackTrainingInputs } from './stack-training-inputs.js';
import { trainingLoss } from './training-loss.js';

/**
 * How subnet 17's validators score a model (reference finetune/validation.py), the one definition that
 * model evaluation (`evaluateModels` of @pixel/miner, `pixel model eval`) and training's held-out loss
 * (--eval_holdout) share. Seed 1 keys everything random: the dataset shuffle when a subset is taken,
 * each image's crop, each sample's noise and timestep. Each image's shorter side is resized to
 * `resolution` and randomly cropped to a square, never flipped, its caption always kept; the loss has
 * offset noise 0.1, uniform timesteps, the epsilon target and min-SNR weighting with gamma 5, one sample
 * per batch.
 */
export const VALIDATOR_LOSS = {
  seed: 1,
  resolution: 1024,
  centerCrop: false,
  randomFlip: false,
  proportionEmptyPrompts: 0,
  noiseOffset: 0.1,
  timestepBias: { strategy: 'none', multiplier: 1, begin: 0, end: 1000, portion: 0.25 },
  predictionType: 'epsilon',
  snrGamma: 5,
} as const;

export interface ValidatorLossesOptions {
  unet: UNet2DConditionModel;
  scheduler: DDPMScheduler;
  /** Cached latents and embeddings of the evaluation samples (see `cachePipelineInputs`). */
  inputs: Pick<TrainingInputCache, 'length' | 'read'>;
  /** Which cached samples, in order; default all. */
  indices?: readonly number[];
  /** Seeds the noise and timesteps; default 1 as validators. */
  seed?: number;
  noiseOffset?: number;
  snrGamma?: number;
  /** After each sample, with its loss. */
  onSample?: (progress: { done: number; total: number; loss: number }) => void;
  signal?: AbortSignal;
}

/**
 * The validator's loss of `unet` on each sample, one batch of one sample at a time, in the order given.
 * A sample's noise and timestep depend only on (seed, its position), never on the model, so two models
 * evaluated with the same inputs meet the same noise, as the pairwise win counting requires, and a run
 * repeated gives the same numbers. No gradients are computed.
 */
export async function validatorLosses(options: ValidatorLossesOptions): Promise<number[]> {
  const { unet, scheduler, inputs, signal } = options;
  const indices = options.indices ?? Array.from({ length: inputs.length }, (_, index) => index);
  const seed = options.seed ?? VALIDATOR_LOSS.seed;
  const noiseOffset = options.noiseOffset ?? VALIDATOR_LOSS.noiseOffset;
  const snrGamma = options.snrGamma ?? VALIDATOR_LOSS.snrGamma;
  const uniform = createTimestepSampler(VALIDATOR_LOSS.timestepBias, scheduler.config.num_train_timesteps);
  const losses: number[] = [];
  for (const [position, index] of indices.entries()) {
    signal?.throwIfAborted();
    const input = await inputs.read(index);
    const batch = stackTrainingInputs([input]);
    try {
      const shape = batch.latents.shape;
      const { noise, timesteps } = drawStepNoise(
        RandomGenerator.fromSeed(seed, 'validator-loss', position),
        shape,
        noiseOffset,
        uniform,
      );
      const lossTensor = tf.tidy(
        () =>
          trainingLoss({
            unet,
            scheduler,
            ...batch,
            noise: tf.tensor4d(noise, shape),
            timesteps,
            predictionType: VALIDATOR_LOSS.predictionType,
            snrGamma,
          }).loss,
      );
      // Read asynchronously: a GPU backend (webgpu in Node) cannot read synchronously.
      const loss = (await lossTensor.data())[0]!;
      lossTensor.dispose();
      losses.push(loss);
      options.onSample?.({ done: position + 1, total: indices.length, loss });
    } finally {
      tf.dispose(Object.values(batch));
    }
  }
  return losses;
}
