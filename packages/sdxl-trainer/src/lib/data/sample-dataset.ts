import { RandomGenerator } from '../random/random-generator.js';
import { datasetRows } from './dataset-rows.js';
import type { ImageFolderDataset } from './types.js';

/**
 * `--max_train_samples`: a random subset of `count` rows of `dataset` drawn from `seed`, as diffusers'
 * `dataset.shuffle(seed).select(range(count))`; `dataset` itself when `count` is undefined or not below
 * its length. Closing the subset closes `dataset`.
 */
export function sampleDataset(
  dataset: ImageFolderDataset,
  count: number | undefined,
  seed: number,
): ImageFolderDataset {
  if (count === undefined || count >= dataset.length) return dataset;
  const order = RandomGenerator.fromSeed(seed, 'max-train-samples')
    .shuffle(Uint32Array.from({ length: dataset.length }, (_, index) => index))
    .subarray(0, count);
  return { ...datasetRows(dataset, order), close: () => dataset.close() };
}
