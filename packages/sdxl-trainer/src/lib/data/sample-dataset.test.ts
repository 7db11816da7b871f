import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from './open-image-folder.js';
import { sampleDataset } from './sample-dataset.js';
import type { ImageFolderDataset } from './types.js';

const temporary = useTemporaryDirectory('sample-dataset');

async function names(dataset: ImageFolderDataset): Promise<string[]> {
  const out: string[] = [];
  for (let index = 0; index < dataset.length; index++) {
    out.push(path.basename((await dataset.record(index)).imagePath));
  }
  return out;
}

describe('sampleDataset', () => {
  it('keeps a seeded random subset, the same for the same seed, and the dataset itself when nothing is cut', async () => {
    const dir = path.join(temporary(), 'data');
    await writeTrainingFolder(dir, 12, 8);
    const dataset = await openImageFolder({ directory: dir });
    try {
      const first = await names(sampleDataset(dataset, 4, 1));
      expect(first).toHaveLength(4);
      expect(new Set(first).size).toBe(4);
      expect(await names(sampleDataset(dataset, 4, 1))).toEqual(first);
      expect(await names(sampleDataset(dataset, 4, 2))).not.toEqual(first);
      for (const count of [undefined, 12, 50]) expect(sampleDataset(dataset, count, 1)).toBe(dataset);
      // openImageFolder's --max_train_samples is this subset.
      const opened = await openImageFolder({ directory: dir, maxTrainSamples: 4, seed: 1 });
      expect(await names(opened)).toEqual(first);
      await opened.close();
    } finally {
      await dataset.close();
    }
  });

  it('closes the dataset when the subset is closed', async () => {
    const dir = path.join(temporary(), 'data');
    await writeTrainingFolder(dir, 3, 8);
    const dataset = await openImageFolder({ directory: dir });
    await sampleDataset(dataset, 2, 1).close();
    await expect(dataset.record(0)).rejects.toThrow();
  });
});
