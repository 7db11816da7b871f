/** `--timestep_bias_strategy` choices, as in train_text_to_image_sdxl.py. */
export const TIMESTEP_BIAS_STRATEGIES = ['earlier', 'later', 'range', 'none'] as const;

export type TimestepBiasStrategy = (typeof TIMESTEP_BIAS_STRATEGIES)[number];

/** The `--timestep_bias_*` flags. */
export interface TimestepBias {
  strategy: TimestepBiasStrategy;
  /** Weight factor of the biased timesteps (default 1: no bias); must be > 0. */
  multiplier: number;
  /** First biased timestep of `range` (inclusive, default 0). */
  begin: number;
  /** End of `range` (exclusive as a Python slice, default 1000). */
  end: number;
  /** Fraction of the timesteps `earlier`/`later` bias (default 0.25). */
  portion: number;
}
