import { LR_SCHEDULERS, type LrScheduleConfig } from './types.js';

/**
 * Checks and completes an LR schedule: the same errors get_scheduler would raise, raised before any
 * work is done, with the flag to change in the message.
 */
export function createLrSchedule(
  input: Partial<LrScheduleConfig> & Pick<LrScheduleConfig, 'name' | 'baseLr'>,
): LrScheduleConfig {
  const config: LrScheduleConfig = {
    warmupSteps: 0,
    totalSteps: 0,
    numCycles: 1,
    power: 1,
    lrEnd: 1e-7,
    ...input,
  };
  if (!(LR_SCHEDULERS as readonly string[]).includes(config.name)) {
    throw new Error(`Unknown --lr_scheduler "${config.name}": choose one of ${LR_SCHEDULERS.join(', ')}.`);
  }
  if (!(config.baseLr > 0) || !Number.isFinite(config.baseLr))
    throw new Error(`--learning_rate must be a positive number, got ${config.baseLr}.`);
  if (!Number.isInteger(config.warmupSteps) || config.warmupSteps < 0) {
    throw new Error(`--lr_warmup_steps must be a non-negative integer, got ${config.warmupSteps}.`);
  }
  if (!Number.isInteger(config.totalSteps) || config.totalSteps < 0) {
    throw new Error(`The number of training steps must be a non-negative integer, got ${config.totalSteps}.`);
  }
  if (!(config.numCycles > 0)) throw new Error(`--lr_num_cycles must be positive, got ${config.numCycles}.`);
  if (config.name === 'polynomial') {
    if (!(config.baseLr > config.lrEnd)) {
      throw new Error(
        `--lr_end (${config.lrEnd}) must be smaller than the learning rate (${config.baseLr}) for the polynomial schedule.`,
      );
    }
    if (config.totalSteps <= config.warmupSteps) {
      // diffusers divides by (total - warmup) here and fails with ZeroDivisionError mid-run.
      throw new Error(
        `The polynomial schedule needs more training steps (${config.totalSteps}) than --lr_warmup_steps (${config.warmupSteps}).`,
      );
    }
  }
  return config;
}
