import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { cacheMiniPipelineInputs } from '../../test-support/cache-mini-pipeline-inputs.js';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { RandomGenerator } from '../random/random-generator.js';
import { validatorLosses } from './validator-losses.js';

const temporary = useTemporaryDirectory('validator-losses');
/** Encoding the images and loading the models takes seconds when the cores are shared. */
const TIMEOUT = 120_000;

const setUp = () => cacheMiniPipelineInputs(temporary(), 3);

describe('validatorLosses', () => {
  it(
    'gives one finite loss per sample, the same on every run',
    async () => {
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
    },
    TIMEOUT,
  );

  it(
    'is the min-SNR-5 weighted MSE against offset noise: a UNet predicting zero scores w(t) * mean(noise²)',
    async () => {
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
    },
    TIMEOUT,
  );
});
