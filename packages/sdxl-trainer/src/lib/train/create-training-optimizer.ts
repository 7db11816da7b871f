import { Adafactor } from '../optim/adafactor.js';
import { AdamW } from '../optim/adamw.js';
import type { TrainOptions } from '../train-options/types.js';
import type { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import type { SavedOptimizer } from './types.js';

/** The optimizer of a training run, and how checkpoints record it. */
export interface TrainingOptimizer {
  optimizer: AdamW | Adafactor;
  /** What training_state.json records: the type and every setting, defaults included. */
  saved: SavedOptimizer;
}

/**
 * The optimizer --optimizer_type names over the UNet's parameters, at `learningRate` (the schedule's base
 * rate; the loop sets each step's): AdamW with the --adam_* flags, or Adafactor with --optimizer_args over
 * the UNet's Parameters (so conv weights are factored over their PyTorch dimensions), without a learning
 * rate when relative_step is on (transformers' default), as it computes its own.
 */
export function createTrainingOptimizer(
  unet: UNet2DConditionModel,
  options: TrainOptions,
  learningRate: number,
): TrainingOptimizer {
  if (options.optimizerType === 'adafactor') {
    const args = options.optimizerArgs ?? {};
    const relativeStep = args.relativeStep ?? true;
    const optimizer = new Adafactor([...unet.parameterMap().values()], {
      ...args,
      learningRate: relativeStep ? undefined : learningRate,
    });
    const { epsilon, clipThreshold, decayRate, beta1, weightDecay, scaleParameter, warmupInit } = optimizer;
    return {
      optimizer,
      saved: {
        type: 'adafactor',
        options: {
          epsilon,
          clipThreshold,
          decayRate,
          ...(beta1 === undefined ? {} : { beta1 }),
          weightDecay,
          scaleParameter,
          relativeStep,
          warmupInit,
        },
      },
    };
  }
  const optimizer = new AdamW(unet.trainableVariables(), {
    learningRate,
    beta1: options.adamBeta1,
    beta2: options.adamBeta2,
    weightDecay: options.adamWeightDecay,
    epsilon: options.adamEpsilon,
  });
  const { beta1, beta2, weightDecay, epsilon } = optimizer;
  return { optimizer, saved: { type: 'adamw', options: { beta1, beta2, weightDecay, epsilon } } };
}
