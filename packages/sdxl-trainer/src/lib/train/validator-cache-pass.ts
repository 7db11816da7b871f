import type { ImageFolderDataset } from '../data/types.js';
import type { PipelineCachePass } from './cache-pipeline-inputs.js';
import { VALIDATOR_LOSS } from './validator-losses.js';

/**
 * The caching pass (see `cachePipelineInputs`) that preprocesses `dataset` as validators do before
 * `validatorLosses`: VALIDATOR_LOSS's random crop drawn with its seed, no flip, every caption kept. Model
 * evaluation and training's held-out samples both cache with it; the resolution is the call's.
 */
export function validatorCachePass(
  dataset: ImageFolderDataset,
  onProgress?: PipelineCachePass['onProgress'],
): PipelineCachePass {
  return {
    dataset,
    seed: VALIDATOR_LOSS.seed,
    centerCrop: VALIDATOR_LOSS.centerCrop,
    randomFlip: VALIDATOR_LOSS.randomFlip,
    proportionEmptyPrompts: VALIDATOR_LOSS.proportionEmptyPrompts,
    ...(onProgress ? { onProgress } : {}),
  };
}
