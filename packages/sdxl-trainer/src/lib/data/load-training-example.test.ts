import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { RandomGenerator } from '../random/random-generator.js';
import { loadTrainingExample } from './load-training-example.js';
import { openImageFolder } from './open-image-folder.js';

describe('loadTrainingExample', () => {
  it('turns a dataset row into pixels, time-id inputs and the caption to encode, reproducibly per sample', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pixel-example-'));
    try {
      await sharp({ create: { width: 48, height: 32, channels: 3, background: '#808080' } })
        .png()
        .toFile(path.join(dir, 'a.png'));
      await writeFile(path.join(dir, 'metadata.csv'), 'file_name,text\na.png,"a grey, flat image"\n');
      const dataset = await openImageFolder({ directory: dir });
      const options = { resolution: 16, centerCrop: false, randomFlip: true, proportionEmptyPrompts: 0 };
      const example = await loadTrainingExample(
        dataset,
        0,
        options,
        RandomGenerator.fromSeed(5, 'sample', 0),
      );
      expect(example.caption).toBe('a grey, flat image');
      expect(example.imagePath).toBe(path.join(dir, 'a.png'));
      expect(example.originalSize).toEqual([32, 48]);
      expect(example.pixelValues).toHaveLength(3 * 16 * 16);
      expect(
        await loadTrainingExample(dataset, 0, options, RandomGenerator.fromSeed(5, 'sample', 0)),
      ).toEqual(example);
      const empty = await loadTrainingExample(
        dataset,
        0,
        { ...options, proportionEmptyPrompts: 1 },
        RandomGenerator.fromSeed(5),
      );
      expect(empty.caption).toBe('');
      await dataset.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
