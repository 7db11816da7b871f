import * as tf from '@tensorflow/tfjs-core';
import { AdamW } from '../../lib/optim/adamw.js';
import { clipCoefficient } from '../../lib/optim/clip-coefficient.js';
import { DDPMScheduler } from '../../lib/scheduler/ddpm-scheduler.js';
import { trainingLoss } from '../../lib/train/training-loss.js';
import { randomTrainingLossInput } from '../../lib/backend/random-training-loss-input.js';
import type { UNet2DConditionModel } from '../../lib/unet/unet-2d-condition-model.js';

/** Milliseconds of each phase of a training step (wall clock). */
export interface StepPhases {
  forwardMs: number;
  backwardMs: number;
  optimizerMs: number;
}

/**
 * A training step taken apart into the phases PyTorch's reference times (forward + loss, backward, clipping
 * + AdamW): the forward pass alone, then forward and backward (tf.variableGrads) less the forward's time,
 * then clip_grad_norm_ and AdamW on those gradients, as optimizerStep does them (the factor applied as AdamW
 * reads each gradient). Median of `runs` after one warm-up.
 */
export async function timeStepPhases(
  unet: UNet2DConditionModel,
  latentSize: number,
  runs: number,
): Promise<StepPhases> {
  const scheduler = new DDPMScheduler();
  const variables = unet.trainableVariables();
  const optimizer = new AdamW(variables, { learningRate: 1e-5 });
  const once = async (): Promise<StepPhases> => {
    const start = performance.now();
    const forward = tf.tidy(() => trainingLoss(randomTrainingLossInput(unet, scheduler, latentSize)).loss);
    await forward.data();
    forward.dispose();
    const forwardMs = performance.now() - start;
    const backwardStart = performance.now();
    const { value, grads } = tf.variableGrads(
      () => trainingLoss(randomTrainingLossInput(unet, scheduler, latentSize)).loss,
      variables,
    );
    await value.data();
    value.dispose();
    const backwardMs = performance.now() - backwardStart - forwardMs;
    const optimizerStart = performance.now();
    const ordered = variables.map((variable) => grads[variable.name]!);
    const { coefficient, totalNorm } = clipCoefficient(ordered, 1);
    await totalNorm.data();
    optimizer.applyGradients(ordered, { gradientScale: coefficient });
    await variables[0]!.data();
    tf.dispose([...ordered, coefficient, totalNorm]);
    return { forwardMs, backwardMs, optimizerMs: performance.now() - optimizerStart };
  };
  await once();
  const samples: StepPhases[] = [];
  for (let run = 0; run < runs; run++) samples.push(await once());
  const median = (pick: (phases: StepPhases) => number) =>
    samples.map(pick).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return {
    forwardMs: median((p) => p.forwardMs),
    backwardMs: median((p) => p.backwardMs),
    optimizerMs: median((p) => p.optimizerMs),
  };
}
