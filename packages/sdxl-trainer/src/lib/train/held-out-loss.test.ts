import '@tensorflow/tfjs-backend-cpu';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTemporaryDirectory } from '../../test-support/use-temporary-directory.js';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { writeTrainingFolder } from '../../test-support/write-training-folder.js';
import { openImageFolder } from '../data/open-image-folder.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { cachePipelineInputs } from './cache-pipeline-inputs.js';
import { EmaModel } from './ema-model.js';
import { heldOutLoss } from './held-out-loss.js';
import { validatorLosses } from './validator-losses.js';

const temporary = useTemporaryDirectory('held-out-loss');

describe('heldOutLoss', () => {
  it('is the mean validator loss; with an EMA it scores the averaged weights and gives the trained ones back untouched', async () => {
    const root = temporary();
    const pipeline = await writeMiniPipeline(path.join(root, 'pipeline'));
    await writeTrainingFolder(path.join(root, 'data'), 2);
    const dataset = await openImageFolder({ directory: path.join(root, 'data') });
    const inputs = await cachePipelineInputs({
      dataset,
      pipelineDir: pipeline,
      cacheDir: path.join(root, 'cache'),
      seed: 1,
      resolution: 32,
      centerCrop: false,
      randomFlip: false,
      proportionEmptyPrompts: 0,
    });
    await dataset.close();
    const unet = await UNet2DConditionModel.fromPretrained(pipeline, { subfolder: 'unet' });
    const scheduler = await DDPMScheduler.fromPretrained(pipeline, { subfolder: 'scheduler' });
    const ema = new EmaModel(unet.trainableVariables()); // averages the initial weights
    try {
      const initialLosses = await validatorLosses({ unet, scheduler, inputs });
      const initial = (initialLosses[0]! + initialLosses[1]!) / 2;
      expect(await heldOutLoss({ unet, scheduler, inputs })).toBe(initial);

      // "Train": the UNet's weights move away from the average.
      const convOut = unet.parameterMap().get('conv_out.weight')!.variable;
      convOut.assign(tf.mul(convOut, 0.5));
      const trainedBytes = unet
        .trainableVariables()
        .map((v) => Buffer.from((v.dataSync() as Float32Array).buffer));
      const trained = await heldOutLoss({ unet, scheduler, inputs });
      expect(trained).not.toBe(initial);

      const tensorsBefore = tf.memory().numTensors;
      expect(await heldOutLoss({ unet, scheduler, inputs, ema })).toBe(initial);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      unet.trainableVariables().forEach((variable, index) => {
        expect(Buffer.from((variable.dataSync() as Float32Array).buffer).equals(trainedBytes[index]!)).toBe(
          true,
        );
      });
      expect(await heldOutLoss({ unet, scheduler, inputs })).toBe(trained);
    } finally {
      ema.dispose();
      unet.dispose();
    }
  }, 60_000);
});
