import { epochOrder } from '../random/epoch-order.js';
import { RandomGenerator } from '../random/random-generator.js';
import { loadTrainingExample, type LoadTrainingExampleOptions } from './load-training-example.js';
import type { ImageFolderDataset, TrainingExample } from './types.js';

export interface IterateEpochBatchesOptions extends LoadTrainingExampleOptions {
  /** `--seed`: decides the epoch's order and every sample's augmentation. */
  seed: number;
  epoch: number;
  /** `--train_batch_size`; the epoch's last batch holds the remainder (no samples dropped). */
  batchSize: number;
  /** First batch to yield: where a resumed run continues (see trainingPosition). */
  startBatch?: number;
  /** `--dataloader_num_workers`: samples decoded concurrently ahead of the one in use (0: one at a time). */
  prefetch?: number;
}

/**
 * The batches of one epoch, in the order epochOrder(length, seed, epoch) gives, from `startBatch`.
 * Each sample draws its augmentation from its own stream, fromSeed(seed, 'sample', index), so a
 * sample is cropped and flipped the same way in every epoch and every run, as the diffusers script
 * (which caches its latents once) does, and a resumed run sees exactly what the first run saw.
 * With `prefetch` > 0 up to that many further samples are decoded while the current one is awaited;
 * a failure is reported when its sample is reached, in order.
 */
export async function* iterateEpochBatches(
  dataset: ImageFolderDataset,
  options: IterateEpochBatchesOptions,
): AsyncGenerator<TrainingExample[], void, undefined> {
  const { seed, batchSize, prefetch = 0, startBatch = 0 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`The batch size must be at least 1, got ${batchSize}.`);
  if (!Number.isInteger(prefetch) || prefetch < 0)
    throw new Error(`The prefetch count must be 0 or more, got ${prefetch}.`);
  const order = epochOrder(dataset.length, seed, options.epoch);
  const batches = Math.ceil(order.length / batchSize);
  if (!Number.isInteger(startBatch) || startBatch < 0 || startBatch > batches) {
    throw new Error(`The first batch must be between 0 and ${batches}, got ${startBatch}.`);
  }
  const positions = order.subarray(startBatch * batchSize);
  const load = (i: number) => {
    const index = positions[i]!;
    const pending = loadTrainingExample(
      dataset,
      index,
      options,
      RandomGenerator.fromSeed(seed, 'sample', index),
    );
    pending.catch(() => undefined); // reported when awaited, in order; not as an unhandled rejection
    return pending;
  };
  const ahead: Promise<TrainingExample>[] = [];
  let next = 0;
  let batch: TrainingExample[] = [];
  for (let i = 0; i < positions.length; i++) {
    while (next < positions.length && next <= i + prefetch) ahead.push(load(next++));
    batch.push(await ahead.shift()!);
    if (batch.length === batchSize || i === positions.length - 1) {
      yield batch;
      batch = [];
    }
  }
}
