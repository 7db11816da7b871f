import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { randomTrainingLossInput } from '../backend/random-training-loss-input.js';
import { Adafactor } from '../optim/adafactor.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import { DDPMScheduler } from '../scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { fusedOptimizerStep } from './fused-optimizer-step.js';
import { trainingLoss, type TrainingLossInput } from './training-loss.js';

const MAX_GRAD_NORM = 1e-3; // small enough that every tensor is clipped: the clipping rule is exercised
const LATENT = 8;
const scheduler = new DDPMScheduler();

/** The same random batch every call (fixed seeds), as one micro-batch. */
async function* oneBatch(unet: UNet2DConditionModel, change: () => Partial<TrainingLossInput> = () => ({})) {
  yield () => ({ ...randomTrainingLossInput(unet, scheduler, LATENT), ...change() });
}

function setUp() {
  const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 7 });
  unet.enableGradientCheckpointing(true);
  const optimizer = new Adafactor([...unet.parameterMap().values()], {
    learningRate: 1e-3,
    relativeStep: false,
    scaleParameter: false,
    beta1: 0.9,
    weightDecay: 0.01,
  });
  return { unet, optimizer };
}

/** The plain step it must equal: every gradient at once, each clipped on its own, one Adafactor update. */
async function unfusedStep({ unet, optimizer }: ReturnType<typeof setUp>) {
  const variables = unet.trainableVariables();
  const { loss, totalNorm } = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => trainingLoss(randomTrainingLossInput(unet, scheduler, LATENT)).loss,
      variables,
    );
    const all = variables.map((variable) => grads[variable.name]!);
    optimizer.applyGradients(all.map((grad) => clipGradNorm([grad], MAX_GRAD_NORM).grads[0]!));
    return { loss: value, totalNorm: clipGradNorm(all, MAX_GRAD_NORM).totalNorm };
  });
  const values = { loss: (await loss.data())[0]!, gradNorm: (await totalNorm.data())[0]! };
  tf.dispose([loss, totalNorm]);
  return values;
}

describe('fusedOptimizerStep (--fused_backward_pass)', () => {
  it('updates every parameter as an unfused Adafactor step with each tensor clipped to the norm, and reports the norm of all gradients before clipping', async () => {
    const [plain, fused] = [setUp(), setUp()];
    const before = plain.unet.trainableVariables().map((variable) => variable.dataSync().slice());
    for (let step = 0; step < 2; step++) {
      const expected = await unfusedStep(plain);
      const tensorsBefore = tf.memory().numTensors;
      const result = await fusedOptimizerStep({
        unet: fused.unet,
        optimizer: fused.optimizer,
        learningRate: 1e-3,
        maxGradNorm: MAX_GRAD_NORM,
        microBatches: oneBatch(fused.unet),
      });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(result.applied).toBe(true);
      expect(result.loss).toBe(expected.loss);
      // Summed tensor by tensor in the backward pass's order, not the variables': float32 rounding apart.
      expect(Math.abs(result.gradNorm - expected.gradNorm)).toBeLessThan(1e-6 * expected.gradNorm);
      expect(result.gradNorm).toBeGreaterThan(100 * MAX_GRAD_NORM);
    }
    let worst = 0;
    const moved = fused.unet.trainableVariables().map((variable, i) => {
      const [actual, expected] = [variable.dataSync(), plain.unet.trainableVariables()[i]!.dataSync()];
      actual.forEach((value, j) => (worst = Math.max(worst, Math.abs(value - expected[j]!))));
      return actual.some((value, j) => value !== before[i]![j]);
    });
    console.log(`fused vs unfused Adafactor (per-tensor clipping), 2 steps: max difference ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-7);
    expect(moved.every(Boolean)).toBe(true);
    // The sink is the step's own: gradient checkpointing stays on, without it, after the step.
    expect(fused.unet.isGradientCheckpointing).toBe(true);
    [plain, fused].forEach(({ unet, optimizer }) => [unet, optimizer].forEach((part) => part.dispose()));
  }, 300_000);

  it('can only report a NaN loss after the update, and leaks nothing', async () => {
    const { unet, optimizer } = setUp();
    const tensorsBefore = tf.memory().numTensors;
    const result = await fusedOptimizerStep({
      unet,
      optimizer,
      learningRate: 1e-3,
      maxGradNorm: 1,
      microBatches: oneBatch(unet, () => ({ noise: tf.fill([1, 4, LATENT, LATENT], Number.NaN) })),
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect([result.loss, result.gradNorm, result.applied]).toEqual([Number.NaN, Number.NaN, true]);
    [unet, optimizer].forEach((part) => part.dispose());
  }, 120_000);

  it('refuses a second micro-batch and a UNet without gradient checkpointing', async () => {
    const { unet, optimizer } = setUp();
    const step = (microBatches: AsyncIterable<() => TrainingLossInput>) =>
      fusedOptimizerStep({ unet, optimizer, learningRate: 1e-3, maxGradNorm: 1, microBatches });
    await expect(
      step(
        (async function* () {
          yield* oneBatch(unet);
          yield* oneBatch(unet);
        })(),
      ),
    ).rejects.toThrow('fusedOptimizerStep takes one micro-batch');
    unet.enableGradientCheckpointing(false);
    await expect(step(oneBatch(unet))).rejects.toThrow('fusedOptimizerStep needs gradient checkpointing');
    [unet, optimizer].forEach((part) => part.dispose());
  }, 60_000);
});
