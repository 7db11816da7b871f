import * as tf from '@tensorflow/tfjs-core';
import { RandomGenerator } from '../random/random-generator.js';
import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { createTimestepSampler } from '../timesteps/create-timestep-sampler.js';
import type { TimestepBias } from '../timesteps/types.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { TrainingInputCache } from './cache-training-inputs.js';
import { drawStepNoise } from './draw-step-noise.js';
import { stackTrainingInputs } from './stack-training-inputs.js';
import { trainingLoss } from './training-loss.js';

/**
 * What subnet 17's validators fix when they score a model (reference finetune/validation.py): seed 1
 * (also the dataset shuffle), 1024 crops, offset noise 0.1, uniform timesteps, epsilon target, min-SNR
 * weighting with gamma 5, batch size 1.
 */
export const VALIDATOR_LOSS = { seed: 1, resolution: 1024, noiseOffset: 0.1, snrGamma: 5 } as const;

const NO_TIMESTEP_BIAS: TimestepBias = {
  strategy: 'none',
  multiplier: 1,
  begin: 0,
  end: 1000,
  portion: 0.25,
};

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
  const uniform = createTimestepSampler(NO_TIMESTEP_BIAS, scheduler.config.num_train_timesteps);
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
            predictionType: 'epsilon',
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
