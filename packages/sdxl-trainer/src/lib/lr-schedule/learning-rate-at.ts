import { lrMultiplier } from './lr-multiplier.js';
import type { LrScheduleConfig } from './types.js';

/** The learning rate of the optimizer step that follows `step` completed steps. */
export function learningRateAt(config: LrScheduleConfig, step: number): number {
  if (!Number.isInteger(step) || step < 0)
    throw new Error(`The optimizer step must be a non-negative integer, got ${step}.`);
  return config.baseLr * lrMultiplier(config, step);
}
