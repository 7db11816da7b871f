import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { cacheMiniPipelineInputs } from '../../test-support/cache-mini-pipeline-inputs.js';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { EmaModel } from './ema-model.js';
import { HostEmaModel } from './host-ema-model.js';
import { heldOutLoss } from './held-out-loss.js';
import { validatorLosses } from './validator-losses.js';

const temporary = useTemporaryDirectory('held-out-loss');

describe('heldOutLoss', () => {
  it('is the mean validator loss; with an EMA (on the device or in host memory) it scores the averaged weights and gives the trained ones back untouched', async () => {
    const { inputs, unet, scheduler } = await cacheMiniPipelineInputs(temporary(), 2);
    // Both average the initial weights.
    const ema = new EmaModel(unet.trainableVariables());
    const hostEma = await HostEmaModel.fromVariables(unet.trainableVariables());
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

      for (const averaged of [ema, hostEma]) {
        const tensorsBefore = tf.memory().numTensors;
        expect(await heldOutLoss({ unet, scheduler, inputs, ema: averaged })).toBe(initial);
        expect(tf.memory().numTensors).toBe(tensorsBefore);
        unet.trainableVariables().forEach((variable, index) => {
          expect(Buffer.from((variable.dataSync() as Float32Array).buffer).equals(trainedBytes[index]!)).toBe(
            true,
          );
        });
      }
      expect(await heldOutLoss({ unet, scheduler, inputs })).toBe(trained);
    } finally {
      ema.dispose();
      unet.dispose();
    }
  }, 60_000);
});
