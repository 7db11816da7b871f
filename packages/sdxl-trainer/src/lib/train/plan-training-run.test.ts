import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import type { ImageFolderDataset } from '../data/types.js';
import { parseTrainOptions } from '../train-options/parse-train-options.js';
import { planTrainingRun } from './plan-training-run.js';

const temporary = useTemporaryDirectory('plan-training-run');

/** Planning only checks that the pipeline folder exists: no model is read. */
async function setUp(count: number) {
  const root = temporary();
  const pipeline = path.join(root, 'pipeline');
  await mkdir(pipeline);
  const data = path.join(root, 'data');
  await writeTrainingFolder(data, count, 8);
  const options = (flags: Record<string, unknown> = {}) =>
    parseTrainOptions({
      pretrained_model_name_or_path: pipeline,
      train_data_dir: data,
      output_dir: path.join(root, 'out'),
      seed: 7,
      ...flags,
    }).options;
  return { root, data, options };
}

async function imageNames(dataset: ImageFolderDataset): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < dataset.length; index++) {
    names.push(path.basename((await dataset.record(index)).imagePath));
  }
  return names;
}

describe('planTrainingRun', () => {
  it('plans on the dataset the caller indexed without indexing the folder again, drawing --max_train_samples with the seed', async () => {
    const { data, options } = await setUp(6);
    const expected = await openImageFolder({ directory: data, maxTrainSamples: 4, seed: 7 });
    const given = await openImageFolder({ directory: data });
    // Indexing the folder now would skip this row with a warning and count 5 samples.
    await rm(path.join(data, 'image_5.png'));
    const warnings: string[] = [];
    const info: string[] = [];
    const logger = { info: (m: string) => info.push(m), warn: (m: string) => warnings.push(m) };
    try {
      const run = await planTrainingRun(options({ max_train_samples: 4, eval_holdout: 1 }), {
        dataset: given,
        logger,
      });
      expect(warnings).toEqual([]);
      expect(await imageNames(run.dataset)).toEqual(await imageNames(expected));
      expect([run.training.length, run.heldOut.length, run.plan.maxTrainSteps]).toEqual([3, 1, 100]);
      expect(info).toContainEqual(
        expect.stringMatching(/^3 samples \(1 more held out for the evaluation loss\)/),
      );
      // The caller's dataset stays open for the caller to close.
      await run.close();
      expect((await given.record(5)).imagePath).toBe(path.join(data, 'image_5.png'));
    } finally {
      await Promise.all([given.close(), expected.close()]);
    }
  });

  it('indexes --train_data_dir itself when no dataset is given, warning for each row skipped', async () => {
    const { data, options } = await setUp(3);
    await writeFile(path.join(data, 'image_1.png'), 'not a png');
    const warnings: string[] = [];
    const run = await planTrainingRun(options(), {
      logger: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    try {
      expect(run.dataset.length).toBe(2);
      expect(warnings).toEqual([
        expect.stringMatching(/line 3: image .*image_1\.png is not a readable image/),
      ]);
    } finally {
      await run.close();
    }
  });

  it('refuses a dataset of another folder or without the columns the options name', async () => {
    const { root, data, options } = await setUp(2);
    const other = path.join(root, 'other');
    await writeTrainingFolder(other, 2, 8);
    const dataset = await openImageFolder({ directory: other });
    try {
      await expect(planTrainingRun(options(), { dataset })).rejects.toThrow(
        `The dataset given to train() indexes ${other} (columns image, text), but the options ask for --train_data_dir ${data} with columns image, text: pass the dataset openImageFolder opened for these options, or none.`,
      );
      await expect(
        planTrainingRun(options({ train_data_dir: other, caption_column: 'prompt' }), { dataset }),
      ).rejects.toThrow(/columns image, prompt: pass the dataset openImageFolder opened/);
    } finally {
      await dataset.close();
    }
  });
});
