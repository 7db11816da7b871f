import type { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import type { TrainingLossInput } from '../train/training-loss.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { randomUnetInput } from './random-unet-input.js';

/**
 * The inputs of one min-SNR (gamma 5), epsilon-target training loss on random data (see randomUnetInput):
 * a batch of `batch` (1 by default) at `latentSize` x `latentSize` latents and 77 prompt tokens. Tensors
 * belong to the caller's scope.
 */
export function randomTrainingLossInput(
  unet: UNet2DConditionModel,
  scheduler: DDPMScheduler,
  latentSize: number,
  batch = 1,
): TrainingLossInput {
  const input = randomUnetInput(unet.config, latentSize, 77, batch);
  return {
    unet,
    scheduler,
    latents: input.sample,
    noise: input.noise,
    timesteps: input.timestep,
    promptEmbeds: input.encoderHiddenStates,
    pooledPromptEmbeds: input.textEmbeds,
    timeIds: input.timeIds,
    predictionType: 'epsilon',
    snrGamma: 5,
  };
}
