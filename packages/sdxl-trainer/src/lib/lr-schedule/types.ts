/** The LR schedules of diffusers' `get_scheduler` that `--lr_scheduler` accepts. */
export const LR_SCHEDULERS = [
  'constant',
  'constant_with_warmup',
  'linear',
  'cosine',
  'cosine_with_restarts',
  'polynomial',
] as const;

export type LrSchedulerName = (typeof LR_SCHEDULERS)[number];

/** Everything that decides the learning rate at an optimizer step. */
export interface LrScheduleConfig {
  name: LrSchedulerName;
  /** The peak learning rate (after `--scale_lr`), reached at the end of the warmup. */
  baseLr: number;
  /** Optimizer steps of linear warmup from 0 (ignored by `constant`). */
  warmupSteps: number;
  /** Optimizer steps of the whole run (used by linear, cosine, cosine_with_restarts, polynomial). */
  totalSteps: number;
  /** Hard restarts of `cosine_with_restarts` (diffusers' `num_cycles`, default 1; plain `cosine` is always a half cosine). */
  numCycles: number;
  /** Exponent of `polynomial` decay (default 1: linear decay to lrEnd). */
  power: number;
  /** Final learning rate of `polynomial` (default 1e-7); must be below baseLr. */
  lrEnd: number;
}
