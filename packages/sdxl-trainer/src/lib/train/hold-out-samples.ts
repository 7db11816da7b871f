import { datasetRows } from '../data/dataset-rows.js';
import type { ImageFolderDataset } from '../data/types.js';
import { RandomGenerator } from '../random/random-generator.js';

/** A dataset split into the samples trained on and the samples kept aside for the evaluation loss. */
export interface HeldOutSplit {
  training: ImageFolderDataset;
  heldOut: ImageFolderDataset;
}

/**
 * Sets aside `count` samples of `dataset` (--eval_holdout): the last `count` of the dataset's order
 * shuffled by fromSeed(seed, 'eval-holdout'), so a resumed run with the same seed holds out the same
 * ones. The training samples keep their relative order, so the training view is exactly the dataset
 * the metadata would give with the held-out rows deleted (same indices, hence the same augmentation,
 * epoch order and weights). With `count` 0 the training view is `dataset` itself.
 * Both views read rows through `dataset`; closing `dataset` closes them, their own close() does nothing.
 */
export function holdOutSamples(dataset: ImageFolderDataset, count: number, seed: number): HeldOutSplit {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`--eval_holdout must be a whole number of samples, 0 or more; got ${count}.`);
  }
  if (count >= dataset.length) {
    throw new Error(
      `--eval_holdout ${count} leaves nothing to train on: ${dataset.metadataPath} has ${dataset.length} usable samples` +
        ' (after --max_train_samples). Hold out at most ' +
        `${dataset.length - 1}, or 0 to train on everything without an evaluation loss.`,
    );
  }
  const order = Uint32Array.from({ length: dataset.length }, (_, index) => index);
  RandomGenerator.fromSeed(seed, 'eval-holdout').shuffle(order);
  const heldOut = order.slice(dataset.length - count).sort();
  const isHeldOut = new Uint8Array(dataset.length);
  heldOut.forEach((index) => (isHeldOut[index] = 1));
  const training = Uint32Array.from(order.keys()).filter((index) => !isHeldOut[index]);
  return {
    training: count === 0 ? dataset : datasetRows(dataset, training),
    heldOut: datasetRows(dataset, heldOut),
  };
}
