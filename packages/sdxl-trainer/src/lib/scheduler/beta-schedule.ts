import type { BetaScheduleConfig } from '../../types/scheduler.js';
import { torchLinspaceFloat32 } from './torch-linspace-float32.js';

/** diffusers' defaults for the noise schedule fields, the same in every scheduler class (0.27). */
export const DEFAULT_BETA_SCHEDULE: BetaScheduleConfig = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
  trained_betas: null,
};

/** The float32 betas diffusers' schedulers build from its config (`trained_betas` or `beta_schedule`). */
export function betaSchedule(config: BetaScheduleConfig): Float32Array {
  const count = config.num_train_timesteps;
  if (config.trained_betas) {
    if (config.trained_betas.length !== count) {
      throw new Error(
        `DDPMScheduler: trained_betas has ${config.trained_betas.length} values but num_train_timesteps is ${count}. Make them agree.`,
      );
    }
    return Float32Array.from(config.trained_betas);
  }
  switch (config.beta_schedule) {
    case 'linear':
      return torchLinspaceFloat32(config.beta_start, config.beta_end, count);
    case 'scaled_linear':
      return torchLinspaceFloat32(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), count).map(
        (root) => Math.fround(root * root),
      );
    case 'squaredcos_cap_v2': {
      // betas_for_alpha_bar (cosine), computed in float64 by diffusers and then stored as float32.
      const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * Math.PI * 0.5) ** 2;
      return Float32Array.from({ length: count }, (_, i) =>
        Math.min(1 - alphaBar((i + 1) / count) / alphaBar(i / count), 0.999),
      );
    }
    default:
      throw new Error(
        `DDPMScheduler: beta_schedule ${JSON.stringify(config.beta_schedule)} is not supported; use "linear", "scaled_linear" or "squaredcos_cap_v2".`,
      );
  }
}
