import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import type { EulerDiscreteSchedulerConfig } from '../../types/scheduler.js';
import { componentDir } from '../folders/component-dir.js';
import { readJsonFile } from '../folders/read-json-file.js';
import { betaSchedule, DEFAULT_BETA_SCHEDULE } from './beta-schedule.js';
import { cumulativeAlphas } from './cumulative-alphas.js';
import { inferenceTimesteps } from './inference-timesteps.js';

const DEFAULT_CONFIG: EulerDiscreteSchedulerConfig = {
  ...DEFAULT_BETA_SCHEDULE,
  prediction_type: 'epsilon',
  timestep_spacing: 'linspace',
  steps_offset: 0,
  interpolation_type: 'linear',
  use_karras_sigmas: false,
};

/**
 * diffusers' EulerDiscreteScheduler (0.27), SDXL's sampling scheduler (model_index.json names it), for
 * validation images: sigmas interpolated at the inference timesteps, `scaleModelInput`, and the
 * deterministic Euler `step` (s_churn 0). Karras sigmas and other interpolations are not supported.
 *
 * @example
 * const scheduler = await EulerDiscreteScheduler.fromPretrained(dir, { subfolder: 'scheduler' });
 * scheduler.setTimesteps(30);
 * let latents = tf.mul(noise, scheduler.initNoiseSigma);
 * scheduler.timesteps.forEach((t, i) => { latents = scheduler.step(unet(scheduler.scaleModelInput(latents, i), t), i, latents); });
 */
export class EulerDiscreteScheduler {
  readonly config: EulerDiscreteSchedulerConfig;
  readonly alphasCumprod: Float32Array;
  /** Inference timesteps after `setTimesteps`, descending (fractional for "linspace" spacing). */
  timesteps: number[] = [];
  /** One sigma per inference timestep, then 0. */
  sigmas: number[] = [];

  constructor(config: Partial<EulerDiscreteSchedulerConfig> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    if (this.config.use_karras_sigmas) {
      throw new Error('EulerDiscreteScheduler: use_karras_sigmas is not supported; set it to false.');
    }
    if (this.config.interpolation_type !== 'linear') {
      throw new Error(
        `EulerDiscreteScheduler: interpolation_type ${JSON.stringify(this.config.interpolation_type)} is not supported; use "linear".`,
      );
    }
    if (this.config.prediction_type !== 'epsilon' && this.config.prediction_type !== 'v_prediction') {
      throw new Error(
        `EulerDiscreteScheduler: prediction_type ${JSON.stringify(this.config.prediction_type)} is not supported; use "epsilon" or "v_prediction".`,
      );
    }
    this.alphasCumprod = cumulativeAlphas(betaSchedule(this.config));
  }

  /** Reads `scheduler_config.json` from `dir` (or `dir/subfolder`). */
  static async fromPretrained(
    dir: string,
    options: { subfolder?: string } = {},
  ): Promise<EulerDiscreteScheduler> {
    const file = path.join(componentDir(dir, options.subfolder), 'scheduler_config.json');
    return new EulerDiscreteScheduler(
      (await readJsonFile(file, 'EulerDiscreteScheduler')) as Partial<EulerDiscreteSchedulerConfig>,
    );
  }

  /** The standard deviation of the initial noise (diffusers `init_noise_sigma`). */
  get initNoiseSigma(): number {
    const maxSigma = Math.max(...this.sigmas);
    const spacing = this.config.timestep_spacing;
    return spacing === 'linspace' || spacing === 'trailing' ? maxSigma : Math.sqrt(maxSigma * maxSigma + 1);
  }

  /** Chooses the inference timesteps and their sigmas (diffusers `set_timesteps`). */
  setTimesteps(numInferenceSteps: number): number[] {
    const train = this.config.num_train_timesteps;
    const f32 = Math.fround;
    this.timesteps = inferenceTimesteps(this.config, numInferenceSteps, {
      scheduler: 'EulerDiscreteScheduler',
      roundLinspace: false,
    });
    const trainSigmas = Array.from(this.alphasCumprod, (alphaProd) =>
      f32(Math.sqrt(f32(f32(1 - alphaProd) / alphaProd))),
    );
    // np.interp over the training timesteps 0..T-1, then float32.
    this.sigmas = [
      ...this.timesteps.map((t) => {
        const low = Math.floor(t);
        const high = Math.min(low + 1, train - 1);
        return f32(trainSigmas[low]! + (t - low) * (trainSigmas[high]! - trainSigmas[low]!));
      }),
      0,
    ];
    return this.timesteps;
  }

  /** The UNet input for inference step `stepIndex`: sample / sqrt(sigma^2 + 1). */
  scaleModelInput(sample: tf.Tensor, stepIndex: number): tf.Tensor {
    const sigma = this.sigmaAt(stepIndex);
    return tf.div(sample, Math.sqrt(sigma * sigma + 1));
  }

  /** One Euler step from inference step `stepIndex` to the next (deterministic, s_churn 0). */
  step(modelOutput: tf.Tensor, stepIndex: number, sample: tf.Tensor): tf.Tensor {
    const sigma = this.sigmaAt(stepIndex);
    const next = this.sigmas[stepIndex + 1]!;
    return tf.tidy(() => {
      const predictedOriginal =
        this.config.prediction_type === 'epsilon'
          ? tf.sub(sample, tf.mul(modelOutput, sigma))
          : tf.add(
              tf.mul(modelOutput, -sigma / Math.sqrt(sigma * sigma + 1)),
              tf.div(sample, sigma * sigma + 1),
            );
      const derivative = tf.div(tf.sub(sample, predictedOriginal), sigma);
      return tf.add(sample, tf.mul(derivative, next - sigma));
    });
  }

  private sigmaAt(stepIndex: number): number {
    if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= this.timesteps.length) {
      throw new Error(
        `EulerDiscreteScheduler: step index ${stepIndex} is outside 0..${this.timesteps.length - 1}; call setTimesteps first.`,
      );
    }
    return this.sigmas[stepIndex]!;
  }
}
