import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTemporaryDirectory } from '../../test-support/use-temporary-directory.js';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import { RandomGenerator } from '../random/random-generator.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { cachePipelineInputs } from './cache-pipeline-inputs.js';
import { validatorLosses, VALIDATOR_LOSS } from './validator-losses.js';

const temporary = useTemporaryDirectory('validator-losses');
/** Encoding the images and loading the models takes seconds when the cores are shared. */
const TIMEOUT = 120_000;

async function setUp() {
  const root = temporary();
  const pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
  await writeTrainingFolder(path.join(root, 'data'), 3);
  const dataset = await openImageFolder({ directory: path.join(root, 'data'), seed: VALIDATOR_LOSS.seed });
  const inputs = await cachePipelineInputs({
    dataset,
    pipelineDir: pipeline,
    cacheDir: path.join(root, 'cache'),
    seed: VALIDATOR_LOSS.seed,
    resolution: 32,
    centerCrop: false,
    randomFlip: false,
    proportionEmptyPrompts: 0,
  });
  await dataset.close();
  const unet = await UNet2DConditionModel.fromPretrained(pipeline, { subfolder: 'unet' });
  const scheduler = await DDPMScheduler.fromPretrained(pipeline, { subfolder: 'scheduler' });
  return { inputs, unet, scheduler };
}

describe('validatorLosses', () => {
  it('gives one finite loss per sample, the same on every run', async () => {
    const { inputs, unet, scheduler } = await setUp();
    try {
      const progress: number[] = [];
      const first = await validatorLosses({
        unet,
        scheduler,
        inputs,
        onSample: ({ done }) => progress.push(done),
      });
      const second = await validatorLosses({ unet, scheduler, inputs });
      expect(first).toHaveLength(3);
      expect(first.every((loss) => Number.isFinite(loss) && loss > 0)).toBe(true);
      expect(second).toEqual(first);
      expect(progress).toEqual([1, 2, 3]);
      // Another seed draws other noise and timesteps.
      expect(await validatorLosses({ unet, scheduler, inputs, seed: 2 })).not.toEqual(first);
    } finally {
      unet.dispose();
    }
  }, TIMEOUT);

  it('is the min-SNR-5 weighted MSE against offset noise: a UNet predicting zero scores w(t) * mean(noise²)', async () => {
    const { inputs, unet, scheduler } = await setUp();
    try {
      const parameters = unet.parameterMap();
      for (const name of ['conv_out.weight', 'conv_out.bias']) {
        const variable = parameters.get(name)!.variable;
        variable.assign(tf.zerosLike(variable));
      }
      const losses = await validatorLosses({ unet, scheduler, inputs, indices: [2, 0] });
      const shape = [1, ...(await inputs.read(2)).latents.shape] as [number, number, number, number];
      for (const position of [0, 1]) {
        // The draws of the position-th evaluated sample, made by hand: N(0,1) noise, 0.1 * N(0,1) per channel, uniform t.
        const random = RandomGenerator.fromSeed(1, 'validator-loss', position);
        const noise = random.fillNormal(new Float32Array(shape.reduce((a, b) => a * b)));
        const offsets = random.fillNormal(new Float32Array(shape[1]));
        const t = random.integer(1000);
        const plane = shape[2] * shape[3];
        let squares = 0;
        noise.forEach((value, i) => (squares += (value + 0.1 * offsets[Math.floor(i / plane)]!) ** 2));
        const snr = scheduler.snr([t])[0]!;
        expect(losses[position]).toBeCloseTo((Math.min(snr, 5) / snr) * (squares / noise.length), 5);
      }
    } finally {
      unet.dispose();
    }
  }, TIMEOUT);
});
