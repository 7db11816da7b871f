import type { ImageFolderDataset } from '../data/types.js';
import { validatorCachePass } from './validator-cache-pass.js';

/** The pass only carries the dataset: nothing is read from it here. */
const dataset = { length: 3 } as ImageFolderDataset;

describe('validatorCachePass', () => {
  it("caches with the validators' preprocessing: seed 1 crops, no center crop, no flip, every caption kept", () => {
    const onProgress = () => undefined;
    expect(validatorCachePass(dataset, onProgress)).toEqual({
      dataset,
      seed: 1,
      centerCrop: false,
      randomFlip: false,
      proportionEmptyPrompts: 0,
      onProgress,
    });
    expect(validatorCachePass(dataset)).not.toHaveProperty('onProgress');
  });
});
