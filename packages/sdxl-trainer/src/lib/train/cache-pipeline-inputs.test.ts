import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import { cachePipelineInputs } from './cache-pipeline-inputs.js';

const temporary = useTemporaryDirectory('cache-pipeline-inputs');

describe('cachePipelineInputs', () => {
  it('caches every pass with one load of the encoders, and releases them before returning', async () => {
    const root = temporary();
    const pipelineDir = await writeMiniPipeline(path.join(root, 'pipeline'));
    await writeTrainingFolder(path.join(root, 'a'), 2);
    // Larger images than a's: other content, so no entry of a is reused for b.
    await writeTrainingFolder(path.join(root, 'b'), 3, 48);
    const [a, b] = await Promise.all(
      ['a', 'b'].map((name) => openImageFolder({ directory: path.join(root, name) })),
    );
    const tensorsBefore = tf.memory().numTensors;
    let loads = 0;
    const pass = { centerCrop: true, randomFlip: false, proportionEmptyPrompts: 0 };
    try {
      const caches = await cachePipelineInputs(
        {
          pipelineDir,
          cacheDir: path.join(root, 'cache'),
          resolution: 32,
          onEncodersLoading: () => (loads += 1),
        },
        [
          { ...pass, dataset: a!, seed: 1 },
          { ...pass, dataset: b!, seed: 2, randomFlip: true },
        ],
      );
      expect(loads).toBe(1);
      expect(caches.map(({ length, encoded, reused }) => ({ length, encoded, reused }))).toEqual([
        { length: 2, encoded: 2, reused: 0 },
        { length: 3, encoded: 3, reused: 0 },
      ]);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect((await caches[1]!.read(2)).latents.shape).toEqual([4, 4, 4]);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  }, 120_000);
});
