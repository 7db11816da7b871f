import { createLrSchedule } from '../lr-schedule/create-lr-schedule.js';
import { scaledLearningRate } from '../lr-schedule/scaled-learning-rate.js';
import type { LrScheduleConfig } from '../lr-schedule/types.js';
import type { TimestepBias } from '../timesteps/types.js';
import { MAX_STEPS } from './train-option-limits.js';
import { TrainOptionsError } from './train-options-error.js';
import type { TrainOptions } from './types.js';

/** The step arithmetic of a run, fixed once the dataset is indexed. */
export interface TrainingPlan {
  datasetLength: number;
  /** Batches per epoch: ceil(datasetLength / trainBatchSize) (the last batch may be smaller). */
  batchesPerEpoch: number;
  /** Optimizer steps per epoch: ceil(batchesPerEpoch / gradientAccumulationSteps). */
  updateStepsPerEpoch: number;
  /** Optimizer steps of the run: --max_train_steps, or epochs * updateStepsPerEpoch. */
  maxTrainSteps: number;
  /** Epochs the run touches: ceil(maxTrainSteps / updateStepsPerEpoch). */
  numTrainEpochs: number;
  /** Batches whose gradients make one optimizer step. */
  gradientAccumulationSteps: number;
  /** Samples per optimizer step: trainBatchSize * gradientAccumulationSteps * processes. */
  totalBatchSize: number;
  /** The LR schedule, sized in optimizer steps, with the --scale_lr learning rate. */
  lrSchedule: LrScheduleConfig;
  timestepBias: TimestepBias;
}

/**
 * The numbers diffusers' train_text_to_image_sdxl.py derives before its loop, from the options and
 * the dataset length. One deliberate difference: --lr_warmup_steps and the schedule length count
 * optimizer steps, as the flags say. The script sizes them in micro-batches (times
 * --gradient_accumulation_steps) but steps the schedule once per optimizer step, so with
 * accumulation its warmup lasts that many times longer and its decay never finishes; with
 * --gradient_accumulation_steps 1 the two agree exactly.
 */
export function planTraining(options: TrainOptions, datasetLength: number, numProcesses = 1): TrainingPlan {
  if (!Number.isInteger(datasetLength) || datasetLength < 1) {
    throw new Error(`Training needs at least one sample, got a dataset of ${datasetLength}.`);
  }
  const batchesPerEpoch = Math.ceil(datasetLength / options.trainBatchSize);
  const updateStepsPerEpoch = Math.ceil(batchesPerEpoch / options.gradientAccumulationSteps);
  const maxTrainSteps = options.maxTrainSteps ?? options.numTrainEpochs * updateStepsPerEpoch;
  if (maxTrainSteps > MAX_STEPS) {
    throw new TrainOptionsError([
      `--num_train_epochs ${options.numTrainEpochs} at ${updateStepsPerEpoch} optimizer steps an epoch is ${maxTrainSteps} steps, more than the ${MAX_STEPS} a run can take: pass fewer epochs, or --max_train_steps.`,
    ]);
  }
  const baseLr = scaledLearningRate({ ...options, numProcesses });
  return {
    datasetLength,
    batchesPerEpoch,
    updateStepsPerEpoch,
    maxTrainSteps,
    numTrainEpochs: Math.ceil(maxTrainSteps / updateStepsPerEpoch),
    gradientAccumulationSteps: options.gradientAccumulationSteps,
    totalBatchSize: options.trainBatchSize * options.gradientAccumulationSteps * numProcesses,
    lrSchedule: createLrSchedule({
      name: options.lrScheduler,
      baseLr,
      warmupSteps: options.lrWarmupSteps,
      totalSteps: maxTrainSteps,
      numCycles: options.lrNumCycles,
      power: options.lrPower,
      lrEnd: options.lrEnd,
    }),
    timestepBias: {
      strategy: options.timestepBiasStrategy,
      multiplier: options.timestepBiasMultiplier,
      begin: options.timestepBiasBegin,
      end: options.timestepBiasEnd,
      portion: options.timestepBiasPortion,
    },
  };
}
