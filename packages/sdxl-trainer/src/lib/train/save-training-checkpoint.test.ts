import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { writeMiniPipeline } from '../../test-support/write-mini-pipeline.js';
import { Adafactor } from '../optim/adafactor.js';
import { AdamW } from '../optim/adamw.js';
import { readSafetensorsHeader } from '../safetensors/read-safetensors-header.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { EmaModel } from './ema-model.js';
import { HostEmaModel } from './host-ema-model.js';
import { loadTrainingCheckpoint } from './load-training-checkpoint.js';
import { saveTrainingCheckpoint } from './save-training-checkpoint.js';
import type { TrainingState } from './types.js';

const STATE: TrainingState = {
  format: 1,
  globalStep: 1,
  seed: 7,
  smoothedLoss: 0.25,
  emaOptimizationStep: 1,
  datasetLength: 4,
  maxTrainSteps: 10,
};

/** The mini pipeline's UNet with an optimizer and EMA one random-gradient step into training. */
async function trainedModel(pipelineDir: string, seed: number) {
  const unet = await UNet2DConditionModel.fromPretrained(pipelineDir, { subfolder: 'unet' });
  const variables = unet.trainableVariables();
  const optimizer = new AdamW(variables, { learningRate: 1e-3 });
  const ema = new EmaModel(variables);
  const grads = variables.map((variable, index) =>
    tf.randomNormal(variable.shape, 0, 1, 'float32', seed * 10_000 + index),
  );
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  ema.step();
  return { unet, optimizer, ema, dispose: () => [unet, optimizer, ema].forEach((part) => part.dispose()) };
}

/** The same with Adafactor (a first moment, so every kind of state tensor) and the EMA in host memory. */
async function trainedWithAdafactor(pipelineDir: string, seed: number) {
  const unet = await UNet2DConditionModel.fromPretrained(pipelineDir, { subfolder: 'unet' });
  const optimizer = new Adafactor([...unet.parameterMap().values()], { beta1: 0.9, weightDecay: 0.01 });
  const ema = await HostEmaModel.fromVariables(unet.trainableVariables());
  const grads = unet
    .trainableVariables()
    .map((variable, index) => tf.randomNormal(variable.shape, 0, 1, 'float32', seed * 10_000 + index));
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  await ema.step();
  return { unet, optimizer, ema, dispose: () => [unet, optimizer, ema].forEach((part) => part.dispose()) };
}

/** Bit-for-bit equal float32 values (NaN never appears here). */
function sameValues(a: tf.Tensor | Float32Array, b: tf.Tensor | Float32Array): boolean {
  const valuesOf = (values: tf.Tensor | Float32Array) =>
    values instanceof Float32Array ? values : values.dataSync();
  const [x, y] = [valuesOf(a), valuesOf(b)];
  return x.length === y.length && x.every((value, i) => value === y[i]);
}

describe('saveTrainingCheckpoint / loadTrainingCheckpoint', () => {
  const temporary = useTemporaryDirectory('checkpoint');
  let pipelineDir: string;
  beforeAll(async () => {
    pipelineDir = await mkdtemp(path.join(tmpdir(), 'pixel-checkpoint-pipeline-'));
    await writeMiniPipeline(pipelineDir);
  });
  afterAll(() => rm(pipelineDir, { recursive: true, force: true }));

  it('saves without copying the optimizer state: at most one variable of extra tensor memory', async () => {
    const saved = await trainedModel(pipelineDir, 1);
    const largestVariableBytes = Math.max(
      ...saved.unet.trainableVariables().map((variable) => variable.size * 4),
    );
    const momentBytes = 2 * saved.unet.parameterCount() * 4;
    const before = tf.memory();
    // tf.profile samples the live tensor bytes after every kernel the save runs.
    const profile = await tf.profile(async () => {
      await saveTrainingCheckpoint({ outputDir: temporary(), ...saved, state: STATE });
    });
    expect(profile.peakBytes - before.numBytes).toBeLessThanOrEqual(largestVariableBytes);
    // The bound means something: the moments are many variables' worth.
    expect(momentBytes).toBeGreaterThan(10 * largestVariableBytes);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    saved.dispose();
  }, 30_000);

  it('restores identical weights, moments, step and EMA weights, tensor by tensor', async () => {
    const saved = await trainedModel(pipelineDir, 1);
    const dir = await saveTrainingCheckpoint({ outputDir: temporary(), ...saved, state: STATE });
    const restored = await trainedModel(pipelineDir, 2);
    const before = tf.memory().numTensors;
    await loadTrainingCheckpoint(dir, STATE, restored);
    expect(tf.memory().numTensors).toBe(before);

    expect(restored.optimizer.step).toBe(STATE.globalStep);
    expect(restored.ema.optimizationStep).toBe(STATE.emaOptimizationStep);
    const [expectedMoments, actualMoments] = [saved, restored].map(({ optimizer }) => [
      ...optimizer.stateEntries(),
    ]);
    expect(actualMoments).toHaveLength(expectedMoments!.length);
    const differing = [...saved.unet.namedParameters()].flatMap(([key], index) => {
      const pairs = {
        weight: [saved.unet.trainableVariables()[index]!, restored.unet.trainableVariables()[index]!],
        exp_avg: [expectedMoments![index]!.firstMoment, actualMoments![index]!.firstMoment],
        exp_avg_sq: [expectedMoments![index]!.secondMoment, actualMoments![index]!.secondMoment],
        ema: [saved.ema.shadow[index]!, restored.ema.shadow[index]!],
      };
      return Object.entries(pairs)
        .filter(([, [expected, actual]]) => !sameValues(expected!, actual!))
        .map(([part]) => `${part} of ${key}`);
    });
    expect(differing).toEqual([]);
    saved.dispose();
    restored.dispose();
  }, 30_000);

  it('restores Adafactor state tensor by tensor, and an EMA kept in host memory, bit for bit', async () => {
    const saved = await trainedWithAdafactor(pipelineDir, 1);
    const state: TrainingState = {
      ...STATE,
      optimizer: { type: 'adafactor', options: { beta1: 0.9, weightDecay: 0.01 } },
    };
    const dir = await saveTrainingCheckpoint({ outputDir: temporary(), ...saved, state });
    const names = (await readSafetensorsHeader(path.join(dir, 'optimizer.safetensors'))).tensors.map(
      (tensor) => tensor.name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'exp_avg.conv_in.weight',
        'exp_avg_sq_row.conv_in.weight',
        'exp_avg_sq_col.conv_in.weight',
        'exp_avg_sq.conv_in.bias',
      ]),
    );
    expect(JSON.parse(await readFile(path.join(dir, 'training_state.json'), 'utf8'))).toMatchObject({
      optimizer: state.optimizer,
    });

    const restored = await trainedWithAdafactor(pipelineDir, 2);
    const before = tf.memory().numTensors;
    await loadTrainingCheckpoint(dir, state, restored);
    expect(tf.memory().numTensors).toBe(before);
    expect(restored.optimizer.step).toBe(STATE.globalStep);
    const [expectedState, actualState] = [saved, restored].map(({ optimizer }) => [
      ...optimizer.stateTensors(),
    ]);
    expect(actualState!.map(([name]) => name)).toEqual(expectedState!.map(([name]) => name));
    const differing = [
      ...expectedState!.flatMap(([name, tensor], index) =>
        sameValues(tensor, actualState![index]![1]) ? [] : [`optimizer state ${name}`],
      ),
      ...saved.unet
        .trainableVariables()
        .flatMap((variable, index) => [
          ...(sameValues(variable, restored.unet.trainableVariables()[index]!) ? [] : [`weight ${index}`]),
          ...(sameValues(saved.ema.shadow[index]!, restored.ema.shadow[index]!) ? [] : [`ema ${index}`]),
        ]),
    ];
    expect(differing).toEqual([]);
    saved.dispose();
    restored.dispose();
  }, 30_000);
});
