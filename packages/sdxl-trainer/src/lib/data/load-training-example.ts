import type { RandomGenerator } from '../random/random-generator.js';
import { chooseCaption } from './choose-caption.js';
import { preprocessImage } from './preprocess-image.js';
import type { ImageFolderDataset, PreprocessOptions, TrainingExample } from './types.js';

export interface LoadTrainingExampleOptions extends PreprocessOptions {
  /** `--proportion_empty_prompts`. */
  proportionEmptyPrompts: number;
}

/**
 * Sample `index` of the dataset, ready for the VAE and text encoders. All its randomness (empty
 * prompt, caption choice, crop, flip, in that order) comes from `random`: pass
 * `RandomGenerator.fromSeed(seed, 'sample', index)` to make a sample's augmentation independent of
 * the order samples are visited in, so a cache or a resumed run reproduces it.
 */
export async function loadTrainingExample(
  dataset: ImageFolderDataset,
  index: number,
  options: LoadTrainingExampleOptions,
  random: RandomGenerator,
): Promise<TrainingExample> {
  const record = await dataset.record(index);
  const caption = chooseCaption(record.caption, options.proportionEmptyPrompts, random);
  const image = await preprocessImage(record.imagePath, options, random);
  return { index, imagePath: record.imagePath, caption, ...image };
}
