import type { UNet2DConditionConfig } from '../../types/unet.js';
import type { TrainOptions } from '../train-options/types.js';
import type { MemoryPlanInput } from './plan-training-memory.js';

/** The memory plan's settings for a run with these options (`pixel model train sdxl --print-memory-plan`). */
export function trainingMemoryPlanInput(
  options: Pick<
    TrainOptions,
    | 'resolution'
    | 'trainBatchSize'
    | 'optimizerType'
    | 'optimizerArgs'
    | 'fusedBackwardPass'
    | 'gradientCheckpointing'
    | 'useEma'
    | 'emaOffload'
    | 'gradientAccumulationSteps'
  >,
  unetConfig: UNet2DConditionConfig,
): MemoryPlanInput {
  return {
    unetConfig,
    resolution: options.resolution,
    batchSize: options.trainBatchSize,
    optimizer: options.optimizerType,
    adafactorFirstMoment: options.optimizerArgs?.beta1 !== undefined,
    fusedBackwardPass: options.fusedBackwardPass,
    gradientCheckpointing: options.gradientCheckpointing,
    ema: !options.useEma ? 'off' : options.emaOffload ? 'host' : 'device',
    gradientAccumulationSteps: options.gradientAccumulationSteps,
  };
}
