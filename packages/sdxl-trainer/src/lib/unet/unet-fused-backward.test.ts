import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { randomUnetInput } from '../backend/random-unet-input.js';
import { Adafactor } from '../optim/adafactor.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import { UNet2DConditionModel } from './unet-2d-condition-model.js';

const MAX_GRAD_NORM = 1e-3; // small enough that every tensor is clipped: the clipping rule is exercised
const LATENT = 8;
const TOKENS = 8;

/** The epsilon loss of one random batch (the same one every call: fixed seeds). */
function loss(unet: UNet2DConditionModel): tf.Scalar {
  const { noise, timestep, ...input } = randomUnetInput(unet.config, LATENT, TOKENS);
  const prediction = unet.forward({ ...input, timestep: tf.tensor1d(timestep) });
  return tf.mean(tf.squaredDifference(prediction, noise));
}

/** kohya's rule for a fused backward pass: each tensor's gradient clipped to the norm on its own. */
function clipEach(grads: readonly tf.Tensor[]): tf.Tensor[] {
  return grads.map((grad) => {
    const {
      grads: [clipped],
      totalNorm,
    } = clipGradNorm([grad], MAX_GRAD_NORM);
    totalNorm.dispose();
    return clipped!;
  });
}

function adafactorFor(unet: UNet2DConditionModel): Adafactor {
  return new Adafactor([...unet.parameterMap().values()], {
    learningRate: 1e-3,
    relativeStep: false,
    scaleParameter: false,
    beta1: 0.9,
    weightDecay: 0.01,
  });
}

/** The plain step: all gradients, each clipped, then one Adafactor update of everything. */
function unfusedStep(unet: UNet2DConditionModel, optimizer: Adafactor): void {
  tf.tidy(() => {
    const variables = unet.trainableVariables();
    const { grads } = tf.variableGrads(() => loss(unet), variables);
    optimizer.applyGradients(clipEach(variables.map((variable) => grads[variable.name]!)));
  });
}

/** The fused step: each block's parameters updated inside the backward pass, the rest right after it. */
function fusedStep(unet: UNet2DConditionModel, optimizer: Adafactor): void {
  optimizer.beginStep();
  unet.enableGradientCheckpointing(true, {
    gradientSink: (variables, grads) => tf.tidy(() => optimizer.updateVariables(variables, clipEach(grads))),
  });
  tf.tidy(() => {
    const rest = unet.unfusedVariables();
    const { grads } = tf.variableGrads(() => loss(unet), rest);
    optimizer.updateVariables(rest, clipEach(rest.map((variable) => grads[variable.name]!)));
  });
  unet.enableGradientCheckpointing(true);
}

async function values(unet: UNet2DConditionModel): Promise<Float32Array[]> {
  return Promise.all(
    unet.trainableVariables().map(async (variable) => (await variable.data()) as Float32Array),
  );
}

describe('a fused backward pass (Adafactor, gradient checkpointing)', () => {
  it('updates every parameter exactly as the unfused step with the same per-tensor clipping', async () => {
    const [plain, fused] = [1, 2].map(() => UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 7 }));
    plain!.enableGradientCheckpointing(true);
    const [plainOptimizer, fusedOptimizer] = [adafactorFor(plain!), adafactorFor(fused!)];
    for (let step = 0; step < 2; step++) {
      unfusedStep(plain!, plainOptimizer);
      fusedStep(fused!, fusedOptimizer);
    }
    const [expected, actual] = [await values(plain!), await values(fused!)];
    const before = await values(UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 7 }));
    let worst = 0;
    actual.forEach((tensor, i) =>
      tensor.forEach((value, j) => (worst = Math.max(worst, Math.abs(value - expected[i]![j]!)))),
    );
    expect(worst).toBeLessThanOrEqual(1e-7);
    // Every parameter moved (the comparison is not of two untouched models).
    expect(actual.every((tensor, i) => tensor.some((value, j) => value !== before[i]![j]))).toBe(true);
    expect(fused!.unfusedVariables().length).toBeLessThan(fused!.trainableVariables().length / 2);
  }, 300_000);

  it('never holds more than one block of parameter gradients: peak bytes stay below an unfused step by nearly all of them', async () => {
    const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 7 });
    unet.enableGradientCheckpointing(true);
    const optimizer = adafactorFor(unet);
    const gradientBytes = unet.trainableVariables().reduce((sum, variable) => sum + variable.size * 4, 0);
    const blockBytes = (
      unet as unknown as { checkpointedBlocks(): { trainableVariables(): tf.Variable[] }[] }
    )
      .checkpointedBlocks()
      .map((block) => block.trainableVariables().reduce((sum, variable) => sum + variable.size * 4, 0));
    const unfusedBytes = unet.unfusedVariables().reduce((sum, variable) => sum + variable.size * 4, 0);
    const peakAbove = async (step: () => void) => {
      const before = tf.memory().numBytes;
      return (await tf.profile(step)).peakBytes - before;
    };
    // Warm-up steps, so the optimizer state exists before measuring.
    unfusedStep(unet, optimizer);
    const unfused = await peakAbove(() => unfusedStep(unet, optimizer));
    // A sink that drops the gradients measures the activations alone.
    const activations = await peakAbove(() => {
      unet.enableGradientCheckpointing(true, { gradientSink: () => undefined });
      tf.tidy(() => tf.variableGrads(() => loss(unet), unet.unfusedVariables()));
      unet.enableGradientCheckpointing(true);
    });
    const fused = await peakAbove(() => fusedStep(unet, optimizer));
    // Fused: activations, the parameters outside the blocks, and one block's gradients with its clipped
    // copy and one update temporary; an unfused step holds every gradient at once on top of the activations.
    expect(fused).toBeLessThan(activations + unfusedBytes * 3 + Math.max(...blockBytes) * 3);
    expect(unfused).toBeGreaterThan(activations + gradientBytes * 0.9);
    expect(fused).toBeLessThan(unfused - gradientBytes / 2);
  }, 300_000);
});
