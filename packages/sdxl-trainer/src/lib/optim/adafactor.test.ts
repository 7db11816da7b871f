import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { withKernels } from '../../test-support/with-kernels.js';
import { portableAdafactorUpdate } from '../kernels/portable/adafactor-update.js';
import { Parameter } from '../nn/parameter.js';
import { ADAFACTOR_UPDATE } from '../ops/kernel-names.js';
import '../kernels/register-default-kernels.js';
import { Adafactor, type AdafactorOptions } from './adafactor.js';

interface Fixture {
  shapes: number[][];
  initial: number[][];
  grads: number[][][];
  cases: Record<
    string,
    {
      options: {
        lr: number | null;
        eps: [number, number];
        clip_threshold: number;
        decay_rate: number;
        beta1: number | null;
        weight_decay: number;
        scale_parameter: boolean;
        relative_step: boolean;
        warmup_init: boolean;
      };
      after_step: number[][][];
    }
  >;
}

const fixture = JSON.parse(
  readFileSync(path.join(SHARED.fixtures, 'adafactor/adafactor-steps.json'), 'utf8'),
) as Fixture;

function optionsOf(o: Fixture['cases'][string]['options']): AdafactorOptions {
  return {
    ...(o.lr === null ? {} : { learningRate: o.lr }),
    epsilon: o.eps,
    clipThreshold: o.clip_threshold,
    decayRate: o.decay_rate,
    ...(o.beta1 === null ? {} : { beta1: o.beta1 }),
    weightDecay: o.weight_decay,
    scaleParameter: o.scale_parameter,
    relativeStep: o.relative_step,
    warmupInit: o.warmup_init,
  };
}

/** Parameters as the UNet holds them: conv weights (rank 4) in memory as [kh, kw, in, out]. */
function modelParameters(): Parameter[] {
  return fixture.shapes.map((shape, i) => {
    const parameter = new Parameter(shape, shape.length === 4 ? 'conv-hwio' : 'as-is', { kind: 'zeros' });
    parameter.setFromDiffusers(tf.tensor(fixture.initial[i]!, shape));
    return parameter;
  });
}

/**
 * Three steps on the fixture's gradients with the model's parameters (conv weights in their memory layout),
 * each parameter within 1e-6 of transformers' after every step.
 */
function expectFixtureStepsInModelLayouts(testCase: Fixture['cases'][string]): void {
  const parameters = modelParameters();
  const optimizer = new Adafactor(parameters, optionsOf(testCase.options));
  fixture.grads.forEach((grads, step) => {
    optimizer.applyGradients(
      grads.map((grad, i) =>
        tf.tidy(() => parameters[i]!.fromDiffusersLayout(tf.tensor(grad, fixture.shapes[i]!))),
      ),
    );
    parameters.forEach((parameter, i) => {
      const values = tf.tidy(
        () => parameter.toDiffusersLayout(parameter.variable).dataSync() as Float32Array,
      );
      expect(maxError(values, testCase.after_step[step]![i]!)).toBeLessThan(1e-6);
    });
  });
}

function maxError(actual: Float32Array | number[], expected: number[]): number {
  return Math.max(...expected.map((value, i) => Math.abs(actual[i]! - value)));
}

describe("Adafactor against transformers' Adafactor (fixtures/adafactor)", () => {
  describe.each(Object.keys(fixture.cases))('%s', (name) => {
    const testCase = fixture.cases[name]!;

    it('gives the parameters after each of three steps within 1e-6, bare variables in PyTorch layout', () => {
      const variables = fixture.shapes.map((shape, i) => tf.variable(tf.tensor(fixture.initial[i]!, shape)));
      const optimizer = new Adafactor(variables, optionsOf(testCase.options));
      fixture.grads.forEach((grads, step) => {
        optimizer.applyGradients(grads.map((grad, i) => tf.tensor(grad, fixture.shapes[i]!)));
        variables.forEach((variable, i) =>
          expect(maxError(variable.dataSync() as Float32Array, testCase.after_step[step]![i]!)).toBeLessThan(
            1e-6,
          ),
        );
      });
      expect(optimizer.step).toBe(3);
    });

    it('factors a conv weight over its PyTorch kh and kw whatever its layout in memory', () => {
      expectFixtureStepsInModelLayouts(testCase);
    });
  });

  it.each(Object.keys(fixture.cases))(
    '%s: the portable kernel (every backend but cpu) gives the same parameters within 1e-6',
    async (name) => {
      const testCase = fixture.cases[name]!;
      await withKernels('cpu', { [ADAFACTOR_UPDATE]: portableAdafactorUpdate }, () =>
        expectFixtureStepsInModelLayouts(testCase),
      );
    },
  );

  it('saves and restores its state so a resumed run continues bit for bit', () => {
    const options = optionsOf(fixture.cases['first-moment-weight-decay']!.options);
    const [a, b] = [modelParameters(), modelParameters()];
    const [first, second] = [new Adafactor(a, options), new Adafactor(b, options)];
    const grads = (step: number) =>
      fixture.grads[step]!.map((grad, i) =>
        tf.tidy(() => a[i]!.fromDiffusersLayout(tf.tensor(grad, fixture.shapes[i]!))),
      );
    first.applyGradients(grads(0));
    b.forEach((parameter, i) => parameter.variable.assign(a[i]!.variable));
    for (const [name, tensor] of first.stateTensors()) second.setStateTensor(name, tensor);
    second.step = first.step;
    first.applyGradients(grads(1));
    second.applyGradients(grads(1));
    a.forEach((parameter, i) =>
      expect(Array.from(b[i]!.variable.dataSync())).toEqual(Array.from(parameter.variable.dataSync())),
    );
    expect([...second.stateTensors()].map(([name]) => name)).toEqual([
      '0.exp_avg',
      '0.exp_avg_sq',
      '1.exp_avg',
      '1.exp_avg_sq_row',
      '1.exp_avg_sq_col',
      '2.exp_avg',
      '2.exp_avg_sq_row',
      '2.exp_avg_sq_col',
      '3.exp_avg',
      '3.exp_avg_sq_row',
      '3.exp_avg_sq_col',
    ]);
  });

  it('refuses a learning rate with relative_step, and other bad options, saying what to do', () => {
    const variable = tf.variable(tf.zeros([2]));
    expect(() => new Adafactor([variable], { learningRate: 1e-4 })).toThrow(
      /a learning rate was given with relative_step=True.*relative_step=False/,
    );
    expect(() => new Adafactor([variable], { relativeStep: false })).toThrow(
      /needs a non-negative learning rate/,
    );
    expect(() => new Adafactor([variable], { clipThreshold: 0 })).toThrow(/clip_threshold is out of range/);
    expect(
      () => new Adafactor([variable], { warmupInit: true, relativeStep: false, learningRate: 1 }),
    ).toThrow(/warmup_init=True only applies with relative_step=True/);
  });

  it("says the step size each update uses: transformers' relative step, or the learning rate", () => {
    const variable = tf.variable(tf.zeros([2]));
    expect(new Adafactor([variable]).stepSizeAt(1)).toBe(1e-2);
    expect(new Adafactor([variable]).stepSizeAt(40_000)).toBe(1 / Math.sqrt(40_000));
    expect(new Adafactor([variable], { warmupInit: true }).stepSizeAt(3)).toBe(3e-6);
    const fixed = new Adafactor([variable], { relativeStep: false, learningRate: 1e-4 });
    expect(fixed.stepSizeAt(5)).toBe(1e-4);
  });

  it('keeps O(rows + columns) state for a matrix, not a copy of it', () => {
    const optimizer = new Adafactor([tf.variable(tf.zeros([300, 200]))]);
    const sizes = [...optimizer.stateTensors()].map(([, tensor]) => tensor.size);
    expect(sizes).toEqual([300, 200]);
  });
});
