/** The fields of `scheduler/scheduler_config.json` DDPMScheduler reads (diffusers 0.27 names and defaults). */
export interface DDPMSchedulerConfig {
  num_train_timesteps: number;
  beta_start: number;
  beta_end: number;
  beta_schedule: 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
  trained_betas: number[] | null;
  prediction_type: 'epsilon' | 'v_prediction' | 'sample';
  timestep_spacing: 'leading' | 'trailing' | 'linspace';
  steps_offset: number;
  clip_sample: boolean;
  clip_sample_range: number;
  variance_type: 'fixed_small';
  thresholding: false;
  rescale_betas_zero_snr: false;
}

/** The fields of an EulerDiscreteScheduler `scheduler_config.json` (diffusers 0.27 names and defaults). */
export interface EulerDiscreteSchedulerConfig extends Pick<
  DDPMSchedulerConfig,
  'num_train_timesteps' | 'beta_start' | 'beta_end' | 'beta_schedule' | 'trained_betas' | 'steps_offset'
> {
  prediction_type: 'epsilon' | 'v_prediction';
  timestep_spacing: 'leading' | 'trailing' | 'linspace';
  interpolation_type: 'linear';
  use_karras_sigmas: false;
}

/** The config fields that define the noise schedule, shared by all diffusers schedulers. */
export type BetaScheduleConfig = Pick<
  DDPMSchedulerConfig,
  'num_train_timesteps' | 'beta_start' | 'beta_end' | 'beta_schedule' | 'trained_betas'
>;
