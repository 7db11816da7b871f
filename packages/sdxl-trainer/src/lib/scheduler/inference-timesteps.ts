import { roundHalfEven } from '@pixel/constraints';
import type { DDPMSchedulerConfig } from '../../types/scheduler.js';

/**
 * The descending inference timesteps diffusers' `set_timesteps` picks by `timestep_spacing`: "leading"
 * (multiples of T / n plus steps_offset), "trailing" (counted down from T - 1) or "linspace" (evenly from
 * 0 to T - 1; rounded by DDPM, left fractional by Euler, as `roundLinspace` says).
 */
export function inferenceTimesteps(
  config: Pick<DDPMSchedulerConfig, 'num_train_timesteps' | 'timestep_spacing' | 'steps_offset'>,
  numInferenceSteps: number,
  { scheduler, roundLinspace }: { scheduler: string; roundLinspace: boolean },
): number[] {
  const train = config.num_train_timesteps;
  if (!Number.isInteger(numInferenceSteps) || numInferenceSteps < 1 || numInferenceSteps > train) {
    throw new Error(
      `${scheduler}: numInferenceSteps must be an integer in 1..${train} (num_train_timesteps), got ${numInferenceSteps}.`,
    );
  }
  const steps = Array.from({ length: numInferenceSteps }, (_, i) => i);
  switch (config.timestep_spacing) {
    case 'linspace': {
      const spacing = (train - 1) / Math.max(numInferenceSteps - 1, 1);
      const position = (i: number) => (i === numInferenceSteps - 1 && i > 0 ? train - 1 : i * spacing);
      return steps
        .map((i) => (roundLinspace ? roundHalfEven(position(i)) : Math.fround(position(i))))
        .reverse();
    }
    case 'leading': {
      const ratio = Math.floor(train / numInferenceSteps);
      return steps.map((i) => i * ratio + config.steps_offset).reverse();
    }
    case 'trailing': {
      const ratio = train / numInferenceSteps;
      return steps.map((i) => roundHalfEven(train - i * ratio) - 1);
    }
    default:
      throw new Error(
        `${scheduler}: timestep_spacing ${JSON.stringify(config.timestep_spacing)} is not supported; use "leading", "trailing" or "linspace".`,
      );
  }
}
