import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import type { ImageFolderDataset } from '../data/types.js';
import { holdOutSamples } from './hold-out-samples.js';

const temporary = useTemporaryDirectory('hold-out-samples');

async function withDataset(count: number, use: (dataset: ImageFolderDataset) => Promise<void>) {
  const dir = path.join(temporary(), 'data');
  await writeTrainingFolder(dir, count, 8);
  const dataset = await openImageFolder({ directory: dir });
  try {
    await use(dataset);
  } finally {
    await dataset.close();
  }
}

async function imageNames(dataset: ImageFolderDataset): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < dataset.length; index++) {
    const record = await dataset.record(index);
    expect(record.index).toBe(index);
    names.push(path.basename(record.imagePath));
  }
  return names;
}

describe('holdOutSamples', () => {
  it('splits the samples into training and held-out views, the same for the same seed', async () => {
    await withDataset(6, async (dataset) => {
      const { training, heldOut } = holdOutSamples(dataset, 2, 7);
      expect([training.length, heldOut.length]).toEqual([4, 2]);
      const trained = await imageNames(training);
      const held = await imageNames(heldOut);
      expect([...trained, ...held].sort()).toEqual((await imageNames(dataset)).sort());
      // Training rows keep the metadata order: the view is the dataset with the held-out rows deleted.
      expect(trained).toEqual([...trained].sort());
      const again = holdOutSamples(dataset, 2, 7);
      expect(await imageNames(again.heldOut)).toEqual(held);
      const bySeed = await Promise.all(
        [1, 2, 3, 4, 5].map(async (seed) =>
          (await imageNames(holdOutSamples(dataset, 2, seed).heldOut)).join(),
        ),
      );
      expect(new Set(bySeed).size).toBeGreaterThan(1);
      await expect(heldOut.record(2)).rejects.toThrow(RangeError);
    });
  });

  it('keeps the dataset as it is with 0, and refuses to hold out every sample', async () => {
    await withDataset(3, async (dataset) => {
      const { training, heldOut } = holdOutSamples(dataset, 0, 7);
      expect(training).toBe(dataset);
      expect(heldOut.length).toBe(0);
      for (const count of [3, 4]) {
        expect(() => holdOutSamples(dataset, count, 7)).toThrow(
          new RegExp(
            `--eval_holdout ${count} leaves nothing to train on: .*metadata.csv has 3 usable samples.*Hold out at most 2`,
          ),
        );
      }
      expect(() => holdOutSamples(dataset, 1.5, 7)).toThrow(/--eval_holdout must be a whole number/);
    });
  });
});
