import '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { Adafactor } from '../optim/adafactor.js';
import { AdamW } from '../optim/adamw.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { optimizerStateBytes } from './optimizer-state-bytes.js';

const stateBytes = (tensors: Iterable<[string, tf.Tensor]>) =>
  [...tensors].reduce((sum, [, tensor]) => sum + 4 * tensor.size, 0);

describe('optimizerStateBytes', () => {
  it('factors a conv weight over its 3 x 3 kernel and a linear weight into rows and columns', () => {
    const adafactor = { type: 'adafactor', firstMoment: false } as const;
    expect(optimizerStateBytes([320, 640, 3, 3], adafactor)).toBe(4 * (320 * 640 * 3 * 2));
    expect(optimizerStateBytes([1280, 2048], adafactor)).toBe(4 * (1280 + 2048));
    expect(optimizerStateBytes([1280], adafactor)).toBe(4 * 1280);
    expect(optimizerStateBytes([1280], { type: 'adafactor', firstMoment: true })).toBe(4 * 2560);
    expect(optimizerStateBytes([1280, 2048], { type: 'adamw', firstMoment: false })).toBe(8 * 1280 * 2048);
  });

  it.each([false, true])(
    "equals the state the optimizers hold for a whole UNet (Adafactor's first moment: %s)",
    (firstMoment) => {
      const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG);
      const shapes = [...unet.parameterMap().values()].map((parameter) => parameter.shape);
      const planned = (type: 'adamw' | 'adafactor') =>
        shapes.reduce((sum, shape) => sum + optimizerStateBytes(shape, { type, firstMoment }), 0);
      const adafactor = new Adafactor([...unet.parameterMap().values()], firstMoment ? { beta1: 0.9 } : {});
      expect(planned('adafactor')).toBe(stateBytes(adafactor.stateTensors()));
      const adamw = new AdamW(unet.trainableVariables(), { learningRate: 1e-4 });
      expect(planned('adamw')).toBe(stateBytes(adamw.stateTensors()));
      adafactor.dispose();
      unet.dispose();
    },
  );
});
