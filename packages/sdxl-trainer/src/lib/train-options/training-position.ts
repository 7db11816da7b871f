import type { TrainingPlan } from './plan-training.js';

/** Where the data stream stands after some optimizer steps. */
export interface TrainingPosition {
  epoch: number;
  /** Index of the next batch within the epoch's order. */
  batchInEpoch: number;
}

/**
 * Where a run resumed after `globalStep` optimizer steps continues: the epoch, and the batch of that
 * epoch's order (see epochOrder) to read next. An epoch's last optimizer step may accumulate fewer
 * batches (accelerate syncs at the end of the data), so steps never straddle epochs.
 */
export function trainingPosition(plan: TrainingPlan, globalStep: number): TrainingPosition {
  if (!Number.isInteger(globalStep) || globalStep < 0 || globalStep > plan.maxTrainSteps) {
    throw new Error(`A checkpoint step must be between 0 and ${plan.maxTrainSteps}, got ${globalStep}.`);
  }
  const epoch = Math.floor(globalStep / plan.updateStepsPerEpoch);
  const batchInEpoch = (globalStep % plan.updateStepsPerEpoch) * plan.gradientAccumulationSteps;
  return { epoch, batchInEpoch };
}
