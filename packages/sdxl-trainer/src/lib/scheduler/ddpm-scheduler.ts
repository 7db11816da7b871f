import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import type { DDPMSchedulerConfig } from '../../types/scheduler.js';
import { componentDir } from '../folders/component-dir.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { betaSchedule, DEFAULT_BETA_SCHEDULE } from './beta-schedule.js';
import { cumulativeAlphas } from './cumulative-alphas.js';
import { inferenceTimesteps } from './inference-timesteps.js';

const DEFAULT_CONFIG: DDPMSchedulerConfig = {
  ...DEFAULT_BETA_SCHEDULE,
  prediction_type: 'epsilon',
  timestep_spacing: 'leading',
  steps_offset: 0,
  clip_sample: true,
  clip_sample_range: 1,
  variance_type: 'fixed_small',
  thresholding: false,
  rescale_betas_zero_snr: false,
};

const f32 = Math.fround;

/**
 * diffusers' DDPMScheduler (0.27) for training: the float32 noise schedule, `add_noise`, `get_velocity`
 * and `compute_snr`, bit-exact with PyTorch; plus inference timesteps and a DDPM `step` for sampling.
 * Like `DDPMScheduler.from_pretrained`, it reads any scheduler_config.json (SDXL ships an Euler one)
 * and ignores fields it does not use.
 */
export class DDPMScheduler {
  readonly config: DDPMSchedulerConfig;
  readonly betas: Float32Array;
  readonly alphasCumprod: Float32Array;
  /** Inference timesteps after `setTimesteps`, descending. */
  timesteps: number[] = [];

  constructor(config: Partial<DDPMSchedulerConfig> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    const {
      num_train_timesteps: count,
      rescale_betas_zero_snr,
      thresholding,
      variance_type,
      prediction_type,
    } = this.config;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(
        `DDPMScheduler: num_train_timesteps must be a positive integer, got ${JSON.stringify(count)}.`,
      );
    }
    if (rescale_betas_zero_snr)
      throw new Error('DDPMScheduler: rescale_betas_zero_snr is not supported; set it to false.');
    if (thresholding) throw new Error('DDPMScheduler: thresholding is not supported; set it to false.');
    if (variance_type !== 'fixed_small') {
      throw new Error(
        `DDPMScheduler: variance_type ${JSON.stringify(variance_type)} is not supported; use "fixed_small".`,
      );
    }
    if (!['epsilon', 'v_prediction', 'sample'].includes(prediction_type)) {
      throw new Error(
        `DDPMScheduler: prediction_type ${JSON.stringify(prediction_type)} is not supported; use "epsilon", "v_prediction" or "sample".`,
      );
    }
    this.betas = betaSchedule(this.config);
    this.alphasCumprod = cumulativeAlphas(this.betas);
  }

  static fromConfig(config: Partial<DDPMSchedulerConfig>): DDPMScheduler {
    return new DDPMScheduler(config);
  }

  /** Reads `scheduler_config.json` from `dir` (or `dir/subfolder`, e.g. `scheduler` of a pipeline). */
  static async fromPretrained(dir: string, options: { subfolder?: string } = {}): Promise<DDPMScheduler> {
    const file = path.join(componentDir(dir, options.subfolder), 'scheduler_config.json');
    return new DDPMScheduler((await readJsonFile(file, 'DDPMScheduler')) as Partial<DDPMSchedulerConfig>);
  }

  /** sqrt(alphas_cumprod[t]) and sqrt(1 - alphas_cumprod[t]) in float32, as diffusers computes them. */
  private coefficients(timestep: number): { signal: number; noise: number } {
    const alphaProd = this.alphaProd(timestep);
    return { signal: f32(Math.sqrt(alphaProd)), noise: f32(Math.sqrt(f32(1 - alphaProd))) };
  }

  /** Per-sample coefficients shaped [batch, 1, ...] to broadcast over `like`. */
  private perSample(timesteps: ArrayLike<number>, like: tf.Tensor, pick: 'signal' | 'noise'): tf.Tensor {
    if (timesteps.length !== like.shape[0]) {
      throw new Error(
        `DDPMScheduler: got ${timesteps.length} timesteps for a batch of ${like.shape[0]}; give one per sample.`,
      );
    }
    const values = Float32Array.from(Array.from(timesteps, (t) => this.coefficients(t)[pick]));
    return tf.tensor(values, [values.length, ...like.shape.slice(1).map(() => 1)]);
  }

  /** x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) noise (diffusers `add_noise`), one timestep per sample. */
  addNoise(originalSamples: tf.Tensor, noise: tf.Tensor, timesteps: ArrayLike<number>): tf.Tensor {
    return tf.tidy(() =>
      tf.add(
        tf.mul(this.perSample(timesteps, originalSamples, 'signal'), originalSamples),
        tf.mul(this.perSample(timesteps, originalSamples, 'noise'), noise),
      ),
    );
  }

  /** v = sqrt(abar_t) noise - sqrt(1 - abar_t) x_0, the v-prediction target (diffusers `get_velocity`). */
  getVelocity(sample: tf.Tensor, noise: tf.Tensor, timesteps: ArrayLike<number>): tf.Tensor {
    return tf.tidy(() =>
      tf.sub(
        tf.mul(this.perSample(timesteps, sample, 'signal'), noise),
        tf.mul(this.perSample(timesteps, sample, 'noise'), sample),
      ),
    );
  }

  /** Signal-to-noise ratio (alpha / sigma)^2 per timestep, diffusers.training_utils.compute_snr. */
  snr(timesteps: ArrayLike<number>): Float32Array {
    return Float32Array.from(
      Array.from(timesteps, (t) => {
        const { signal, noise } = this.coefficients(t);
        const ratio = f32(signal / noise);
        return f32(ratio * ratio);
      }),
    );
  }

  /** Chooses `numInferenceSteps` timesteps by `timestep_spacing` (diffusers `set_timesteps`); returns them descending. */
  setTimesteps(numInferenceSteps: number): number[] {
    this.timesteps = inferenceTimesteps(this.config, numInferenceSteps, {
      scheduler: 'DDPMScheduler',
      roundLinspace: true,
    });
    return this.timesteps;
  }

  /**
   * One reverse step x_t -> x_{t-1} (diffusers `DDPMScheduler.step`, fixed_small variance). `varianceNoise`
   * (standard normal, shaped like `sample`) is required for t > 0 and keeps sampling reproducible.
   */
  step(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor, varianceNoise?: tf.Tensor): tf.Tensor {
    const train = this.config.num_train_timesteps;
    const stride = this.timesteps.length > 0 ? Math.floor(train / this.timesteps.length) : 1;
    const previous = timestep - stride;
    const alphaProd = this.alphaProd(timestep);
    const alphaProdPrevious = previous >= 0 ? this.alphaProd(previous) : 1;
    const betaProd = 1 - alphaProd;
    const betaProdPrevious = 1 - alphaProdPrevious;
    const currentAlpha = alphaProd / alphaProdPrevious;
    const currentBeta = 1 - currentAlpha;
    return tf.tidy(() => {
      let predictedOriginal: tf.Tensor;
      switch (this.config.prediction_type) {
        case 'epsilon':
          predictedOriginal = tf.div(
            tf.sub(sample, tf.mul(modelOutput, Math.sqrt(betaProd))),
            Math.sqrt(alphaProd),
          );
          break;
        case 'sample':
          predictedOriginal = modelOutput;
          break;
        case 'v_prediction':
          predictedOriginal = tf.sub(
            tf.mul(sample, Math.sqrt(alphaProd)),
            tf.mul(modelOutput, Math.sqrt(betaProd)),
          );
          break;
      }
      if (this.config.clip_sample) {
        predictedOriginal = tf.clipByValue(
          predictedOriginal,
          -this.config.clip_sample_range,
          this.config.clip_sample_range,
        );
      }
      const originalCoefficient = (Math.sqrt(alphaProdPrevious) * currentBeta) / betaProd;
      const sampleCoefficient = (Math.sqrt(currentAlpha) * betaProdPrevious) / betaProd;
      const mean = tf.add(tf.mul(predictedOriginal, originalCoefficient), tf.mul(sample, sampleCoefficient));
      if (timestep === 0) return mean;
      if (!varianceNoise)
        throw new Error('DDPMScheduler.step: varianceNoise is required for timesteps above 0.');
      const variance = Math.max((betaProdPrevious / betaProd) * currentBeta, 1e-20);
      return tf.add(mean, tf.mul(varianceNoise, Math.sqrt(variance)));
    });
  }

  private alphaProd(timestep: number): number {
    if (!Number.isInteger(timestep) || timestep < 0 || timestep >= this.alphasCumprod.length) {
      throw new Error(`DDPMScheduler: timestep ${timestep} is outside 0..${this.alphasCumprod.length - 1}.`);
    }
    return this.alphasCumprod[timestep]!;
  }
}
