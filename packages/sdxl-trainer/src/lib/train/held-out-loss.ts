import * as tf from '@tensorflow/tfjs-core';
import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { TrainingInputCache } from './cache-training-inputs.js';
import type { EmaModel } from './ema-model.js';
import { validatorLosses } from './validator-losses.js';

export interface HeldOutLossOptions {
  unet: UNet2DConditionModel;
  scheduler: DDPMScheduler;
  /** The held-out samples, cached with the validator's preprocessing. */
  inputs: Pick<TrainingInputCache, 'length' | 'read'>;
  /** Evaluate its averaged weights instead of the trained ones; it must average `unet.trainableVariables()`. */
  ema?: EmaModel;
  signal?: AbortSignal;
}

/**
 * The mean validator loss (see validatorLosses: seed 1, so every evaluation of a run meets the same noise
 * and timesteps) of `unet` on every held-out sample. With `ema` the averaged weights are evaluated, as
 * diffusers validates an EMA run, and the trained weights are put back afterwards: the variables get
 * their own tensors back (no copy, no arithmetic), so training continues bit for bit as without the
 * evaluation, which draws nothing from the training's random streams either.
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
  // clone() shares the buffer: the trained weights stay alive, untouched, while the averaged ones are in.
  const trained = ema ? variables.map((variable) => tf.clone(variable)) : [];
  ema?.copyTo();
  try {
    const losses = await validatorLosses({ unet, scheduler, inputs, signal });
    return losses.reduce((sum, loss) => sum + loss, 0) / losses.length;
  } finally {
    trained.forEach((tensor, index) => variables[index]!.assign(tensor));
    tf.dispose(trained);
  }
}
