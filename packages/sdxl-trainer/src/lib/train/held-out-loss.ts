import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { TrainingInputCache } from './cache-training-inputs.js';
import type { AveragedWeights } from './types.js';
import { validatorLosses } from './validator-losses.js';

export interface HeldOutLossOptions {
  unet: UNet2DConditionModel;
  scheduler: DDPMScheduler;
  /** The held-out samples, cached with the validator's preprocessing. */
  inputs: Pick<TrainingInputCache, 'length' | 'read'>;
  /** Evaluate its averaged weights instead of the trained ones; it must average `unet.trainableVariables()`. */
  ema?: AveragedWeights;
  signal?: AbortSignal;
}

/**
 * The mean validator loss (see validatorLosses: seed 1, so every evaluation of a run meets the same noise
 * and timesteps) of `unet` on every held-out sample. With `ema` the averaged weights are evaluated, as
 * diffusers validates an EMA run, and the trained weights are put back exactly afterwards (EmaModel gives
 * the variables their own tensors back, HostEmaModel their values from host memory), so training continues
 * bit for bit as without the evaluation, which draws nothing from the training's random streams either.
 */
export async function heldOutLoss(options: HeldOutLossOptions): Promise<number> {
  const { unet, scheduler, inputs, ema, signal } = options;
  if (inputs.length === 0) throw new Error('heldOutLoss needs at least one held-out sample.');
  const variables = unet.trainableVariables();
  if (ema && ema.shadow.length !== variables.length) {
    throw new Error(
      `The EMA averages ${ema.shadow.length} tensors but the UNet has ${variables.length} trainable ones; build it from unet.trainableVariables().`,
    );
  }
  const evaluate = async () => {
    const losses = await validatorLosses({ unet, scheduler, inputs, signal });
    return losses.reduce((sum, loss) => sum + loss, 0) / losses.length;
  };
  return ema ? ema.withAveragedWeights(evaluate) : evaluate();
}
