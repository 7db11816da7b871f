import * as tf from '@tensorflow/tfjs-core';
import { learningRateAt } from '../lr-schedule/learning-rate-at.js';
import { Adafactor } from '../optim/adafactor.js';
import { epochOrder } from '../random/epoch-order.js';
import { RandomGenerator } from '../random/random-generator.js';
import { trainingPosition } from '../train-options/training-position.js';
import { drawStepNoise } from './draw-step-noise.js';
import { fusedOptimizerStep } from './fused-optimizer-step.js';
import { optimizerStep } from './optimizer-step.js';
import type { TrainingLoop } from './run-types.js';
import { stackTrainingInputs } from './stack-training-inputs.js';
import { TrainingDivergedError } from './training-diverged-error.js';
import type { TrainingLossInput } from './training-loss.js';

/** Weight of the newest loss in the smoothed curve. */
const SMOOTHING = 0.05;

/**
 * One optimizer step at `loop.state.globalStep`: its micro-batches (the epoch's order from (seed, epoch),
 * each micro-batch's noise and timesteps from (seed, step, micro-batch)), gradient accumulation, clipping,
 * the optimizer's update (fused into the backward pass with --fused_backward_pass) and the EMA; then the
 * state moves one step on and the step is reported (event and metrics.jsonl). A non-finite loss or gradient
 * norm stops training (before the update, or after it for a fused pass, whose weights are then dropped).
 * Returns the step's epoch.
 */
export async function takeTrainingStep(loop: TrainingLoop): Promise<number> {
  const { run, models, state } = loop;
  const { plan } = run;
  const { optimizer } = models;
  const { epoch, batchInEpoch } = trainingPosition(plan, state.globalStep);
  // Adafactor with relative_step sets its own step size: that is the rate reported, the schedule's unused.
  const ownStepSize = optimizer instanceof Adafactor && optimizer.relativeStep;
  const lr = ownStepSize
    ? optimizer.stepSizeAt(state.globalStep + 1)
    : learningRateAt(plan.lrSchedule, state.globalStep);
  const step = {
    learningRate: ownStepSize ? undefined : lr,
    maxGradNorm: run.options.maxGradNorm,
    microBatches: microBatches(loop, state.globalStep, epoch, batchInEpoch),
  };
  const { loss, gradNorm, applied } =
    run.options.fusedBackwardPass && optimizer instanceof Adafactor
      ? await fusedOptimizerStep({ ...step, unet: models.unet, optimizer })
      : await optimizerStep({
          ...step,
          variables: models.variables,
          optimizer,
          accumulationSteps: plan.gradientAccumulationSteps,
        });
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
    throw new TrainingDivergedError(state.globalStep + 1, loss, gradNorm, state.lastCheckpoint, {
      updateApplied: applied,
    });
  }
  await models.ema?.step();
  state.globalStep += 1;
  state.smoothedLoss =
    state.smoothedLoss === null ? loss : state.smoothedLoss + SMOOTHING * (loss - state.smoothedLoss);
  state.firstSmoothedLoss ??= state.smoothedLoss;
  const seconds = (performance.now() - loop.started) / 1000;
  const stepsPerSecond = (state.globalStep - loop.startStep) / seconds;
  run.emit({
    type: 'step',
    step: state.globalStep,
    maxTrainSteps: plan.maxTrainSteps,
    epoch,
    loss,
    smoothedLoss: state.smoothedLoss,
    lr,
    gradNorm,
    stepsPerSecond,
    etaSeconds: (plan.maxTrainSteps - state.globalStep) / stepsPerSecond,
    seconds,
  });
  await loop.metrics.append({
    step: state.globalStep,
    epoch,
    loss,
    smoothed_loss: state.smoothedLoss,
    lr,
    grad_norm: gradNorm,
    seconds,
  });
  return epoch;
}

/** The micro-batches of optimizer step `step` (0-based), from batch `batchInEpoch` of `epoch` on. */
async function* microBatches(
  loop: TrainingLoop,
  step: number,
  epoch: number,
  batchInEpoch: number,
): AsyncGenerator<() => TrainingLossInput> {
  const { run, models } = loop;
  const { options, plan, seed } = run;
  const order = epochOrder(run.training.length, seed, epoch);
  const lastBatch = Math.min(batchInEpoch + plan.gradientAccumulationSteps, plan.batchesPerEpoch);
  for (let batch = batchInEpoch; batch < lastBatch; batch++) {
    const indices = order.subarray(batch * options.trainBatchSize, (batch + 1) * options.trainBatchSize);
    const inputs = await Promise.all(Array.from(indices, (index) => loop.inputs.cache.read(index)));
    const latentShape = [inputs.length, ...inputs[0]!.latents.shape] as [number, number, number, number];
    const random = RandomGenerator.fromSeed(seed, 'step', step, batch - batchInEpoch);
    const { noise, timesteps } = drawStepNoise(
      random,
      latentShape,
      options.noiseOffset,
      models.sampleTimesteps,
    );
    yield () => ({
      unet: models.unet,
      scheduler: models.scheduler,
      ...stackTrainingInputs(inputs),
      noise: tf.tensor4d(noise, latentShape),
      timesteps,
      predictionType: models.predictionType,
      snrGamma: options.snrGamma,
    });
  }
}
