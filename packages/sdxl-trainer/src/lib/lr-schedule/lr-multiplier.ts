import type { LrScheduleConfig } from './types.js';

/**
 * The factor diffusers' `get_scheduler` (a torch `LambdaLR`) applies to the base learning rate after
 * `step` optimizer steps: the first update uses step 0, so with warmup it runs at lr 0, exactly as in
 * train_text_to_image_sdxl.py. Formulas from diffusers/optimization.py.
 */
export function lrMultiplier(config: LrScheduleConfig, step: number): number {
  const { name, warmupSteps, totalSteps } = config;
  if (name === 'constant') return 1;
  if (step < warmupSteps) return step / Math.max(1, warmupSteps);
  switch (name) {
    case 'constant_with_warmup':
      return 1;
    case 'linear':
      return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    case 'cosine': {
      const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress)));
    }
    case 'cosine_with_restarts': {
      const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      if (progress >= 1) return 0;
      return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((config.numCycles * progress) % 1))));
    }
    case 'polynomial': {
      const { baseLr, lrEnd, power } = config;
      if (step > totalSteps) return lrEnd / baseLr;
      const remaining = 1 - (step - warmupSteps) / (totalSteps - warmupSteps);
      return ((baseLr - lrEnd) * remaining ** power + lrEnd) / baseLr;
    }
  }
}
