// One training step's peak memory, measured, for the memory plan's test and bench.
import * as tf from '@tensorflow/tfjs-core';
import '../lib/kernels/register-default-kernels.js';
import type { UNet2DConditionConfig } from '../types/unet.js';
import { randomTrainingLossInput } from '../lib/backend/random-training-loss-input.js';
import type { MemoryPlanInput } from '../lib/memory/plan-training-memory.js';
import { trackBufferBytes } from '../lib/memory/track-buffer-bytes.js';
import { Adafactor } from '../lib/optim/adafactor.js';
import { AdamW } from '../lib/optim/adamw.js';
import { DDPMScheduler } from '../lib/scheduler/ddpm-scheduler.js';
import { EmaModel } from '../lib/train/ema-model.js';
import { fusedOptimizerStep } from '../lib/train/fused-optimizer-step.js';
import { optimizerStep } from '../lib/train/optimizer-step.js';
import { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';

/** A memory plan's settings, for a step of a UNet built from a config. */
export type StepSettings = Omit<MemoryPlanInput, 'unetConfig' | 'tokens'>;

/**
 * Builds the UNet and optimizer, runs one training step with these settings as the training loop does
 * (optimizerStep or fusedOptimizerStep, then the EMA) and returns the peak bytes of the data buffers alive
 * during it, the weights and optimizer state included (`trackBufferBytes`), and tf.profile's peakBytes for
 * the measured step (which counts a buffer once per tensor viewing it).
 */
export async function measureStepMemory(
  config: UNet2DConditionConfig,
  settings: StepSettings,
): Promise<{ peakBytes: number; profilePeakBytes: number }> {
  const tracker = trackBufferBytes();
  const unet = UNet2DConditionModel.fromConfig(config, { seed: 3 });
  const variables = unet.trainableVariables();
  const optimizer =
    settings.optimizer === 'adamw'
      ? new AdamW(variables, { learningRate: 1e-5 })
      : new Adafactor([...unet.parameterMap().values()], {
          learningRate: 1e-5,
          relativeStep: false,
          ...(settings.adafactorFirstMoment ? { beta1: 0.9 } : {}),
        });
  const ema = settings.ema === 'device' ? new EmaModel(variables) : undefined;
  const scheduler = new DDPMScheduler();
  const input = () => randomTrainingLossInput(unet, scheduler, settings.resolution / 8, settings.batchSize);
  try {
    // With an EMA, a first step without measuring: the EMA weights become a copy of their own only when
    // the weights first move, as they have in every step of a run but the first.
    let profilePeakBytes = 0;
    for (const measured of ema ? [false, true] : [true]) {
      if (measured) tracker.resetPeak();
      const step = {
        learningRate: 1e-5,
        maxGradNorm: 1,
        microBatches: (async function* () {
          for (let index = 0; index < settings.gradientAccumulationSteps; index++) yield input;
        })(),
      };
      unet.enableGradientCheckpointing(settings.gradientCheckpointing || settings.fusedBackwardPass);
      const profile = await tf.profile(async () => {
        if (settings.fusedBackwardPass) {
          await fusedOptimizerStep({ ...step, unet, optimizer: optimizer as Adafactor });
        } else {
          await optimizerStep({
            ...step,
            variables,
            optimizer,
            accumulationSteps: settings.gradientAccumulationSteps,
          });
        }
        ema?.step();
      });
      profilePeakBytes = profile.peakBytes;
    }
    return { peakBytes: tracker.peak, profilePeakBytes };
  } finally {
    tracker.stop();
    ema?.dispose();
    optimizer.dispose();
    unet.dispose();
  }
}
