import * as tf from '@tensorflow/tfjs-core';
import '../kernels/register-default-kernels.js';
import { PROBE_UNET_CONFIG } from '../backend/probe-unet-config.js';
import { randomOptimizerStep } from '../backend/random-optimizer-step.js';
import { kernelEngine } from '../kernels/cpu/engine/kernel-engine.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';

/** Three training steps (forward, min-SNR loss, backward, clipping, AdamW) on `threads` threads: losses and weights. */
async function threeSteps(threads: number): Promise<{ losses: number[]; weights: Float32Array[] }> {
  kernelEngine().setThreads(threads);
  const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 7 });
  const step = randomOptimizerStep(unet, 8);
  const losses: number[] = [];
  for (let i = 0; i < 3; i++) losses.push((await step()).loss);
  const weights = unet.trainableVariables().map((variable) => variable.dataSync() as Float32Array);
  tf.dispose(unet.trainableVariables());
  return { losses, weights };
}

describe('a training step on the cpu backend', () => {
  it('gives the same losses and weights to the bit on 1 and 2 threads (AdamW in place from the second step)', async () => {
    const before = kernelEngine().threads;
    try {
      const one = await threeSteps(1);
      const two = await threeSteps(2);
      expect(two.losses).toEqual(one.losses);
      expect(two.weights.length).toBe(one.weights.length);
      const differing = two.weights.filter(
        (values, i) => !Buffer.from(values.buffer).equals(Buffer.from(one.weights[i]!.buffer)),
      );
      expect(differing.length).toBe(0);
      expect(one.losses[2]).not.toBe(one.losses[0]); // the steps trained
    } finally {
      kernelEngine().setThreads(before);
    }
  });
});
