import { AdamW } from '../optim/adamw.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { optimizerStep, type OptimizerStepResult } from '../train/optimizer-step.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { randomTrainingLossInput } from './random-training-loss-input.js';

/**
 * One optimizer step of `unet` as train() runs it (optimizerStep: forward, min-SNR loss, backward, clipping,
 * AdamW), on a fresh random batch of 1 at `latentSize` x `latentSize` latents and 77 tokens each call.
 */
export function randomOptimizerStep(
  unet: UNet2DConditionModel,
  latentSize: number,
): () => Promise<OptimizerStepResult> {
  const scheduler = new DDPMScheduler();
  const variables = unet.trainableVariables();
  const optimizer = new AdamW(variables, { learningRate: 1e-5 });
  return () =>
    optimizerStep({
      variables,
      optimizer,
      learningRate: 1e-5,
      maxGradNorm: 1,
      accumulationSteps: 1,
      microBatches: (async function* () {
        // Called inside optimizerStep's tidy scope, which frees the inputs after the step.
        yield () => randomTrainingLossInput(unet, scheduler, latentSize);
      })(),
    });
}
