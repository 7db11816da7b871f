import * as tf from '@tensorflow/tfjs-core';
import { withKernels } from '../../test-support/with-kernels.js';
import '../kernels/register-default-kernels.js';
import { portableAdafactorUpdate } from '../kernels/portable/adafactor-update.js';
import { portableAdamWUpdate } from '../kernels/portable/adamw-update.js';
import { ADAFACTOR_UPDATE, ADAMW_UPDATE } from '../ops/kernel-names.js';
import { Adafactor } from './adafactor.js';
import { AdamW } from './adamw.js';
import { clipCoefficient } from './clip-coefficient.js';
import { clipGradNorm } from './clip-grad-norm.js';

// Seeds from 1: tfjs takes a seed of 0 as none.
const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

// 9001 values run AdamW on the kernel engine's threads, 37 and 3x3x4x5 its JavaScript loop.
const SHAPES = [[9001], [37], [3, 3, 4, 5]];

/** The variables after two steps, the gradients clipped either as a copy (clipGradNorm) or as a scale. */
function trainTwice(kind: 'adamw' | 'adafactor', clipping: 'copy' | 'scale'): Uint8Array[] {
  const variables = SHAPES.map((shape, i) => tf.tidy(() => tf.variable(random(shape, i + 1))));
  const optimizer =
    kind === 'adamw'
      ? new AdamW(variables, { learningRate: 1e-3 })
      : new Adafactor(variables, {
          learningRate: 1e-3,
          relativeStep: false,
          scaleParameter: false,
          beta1: 0.9,
        });
  for (const step of [1, 2]) {
    tf.tidy(() => {
      // Large gradients, so the factor is well below 1 and every value changes.
      const grads = SHAPES.map((shape, i) => tf.mul(random(shape, 10 * step + i), 5));
      if (clipping === 'copy') {
        optimizer.applyGradients(clipGradNorm(grads, 1).grads);
      } else {
        optimizer.applyGradients(grads, { gradientScale: clipCoefficient(grads, 1).coefficient });
      }
    });
  }
  const bytes = variables.map(
    (variable) => new Uint8Array((variable.dataSync() as Float32Array).slice().buffer),
  );
  tf.dispose(variables);
  optimizer.dispose();
  return bytes;
}

describe('clipCoefficient', () => {
  it("gives torch's factor min(1, maxNorm / (total + 1e-6)) and the total norm", () => {
    const [coefficient, totalNorm] = tf.tidy(() => {
      const result = clipCoefficient([tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])], 1);
      return [result.coefficient.dataSync()[0]!, result.totalNorm.dataSync()[0]!];
    });
    expect(totalNorm).toBeCloseTo(5, 6);
    expect(coefficient).toBe(Math.fround(1 / Math.fround(5 + Math.fround(1e-6))));
    expect(tf.tidy(() => clipCoefficient([tf.tensor1d([0.3, 0.4])], 1).coefficient.dataSync()[0])).toBe(1);
    expect(() => clipCoefficient([], 0)).toThrow('maxNorm must be a positive number');
  });

  it('refuses a gradientScale that is not a scalar', () => {
    const variable = tf.variable(tf.zeros([2]));
    const optimizer = new AdamW([variable], { learningRate: 1e-3 });
    expect(() =>
      optimizer.applyGradients([tf.ones([2])], { gradientScale: tf.ones([2]) as tf.Scalar }),
    ).toThrow('gradientScale must be a scalar, got shape [2]');
    optimizer.dispose();
    variable.dispose();
  });

  it.each(['adamw', 'adafactor'] as const)(
    '%s given the factor as gradientScale ends with the bits of clipping a copy first (cpu kernels)',
    (kind) => {
      const before = tf.memory().numTensors;
      expect(trainTwice(kind, 'scale')).toEqual(trainTwice(kind, 'copy'));
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.each(['adamw', 'adafactor'] as const)(
    '%s given the factor as gradientScale ends with the bits of clipping a copy first (portable kernels)',
    async (kind) => {
      const kernels = { [ADAMW_UPDATE]: portableAdamWUpdate, [ADAFACTOR_UPDATE]: portableAdafactorUpdate };
      const [scaled, copied] = await withKernels('cpu', kernels, () => [
        trainTwice(kind, 'scale'),
        trainTwice(kind, 'copy'),
      ]);
      expect(scaled).toEqual(copied);
    },
  );
});
