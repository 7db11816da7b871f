import * as tf from '@tensorflow/tfjs-core';
import type { BackendMeasurement } from '../../types/backend.js';
import { UNet2DConditionModel } from '../unet/unet-2d-condition-model.js';
import { PROBE_UNET_CONFIG } from './probe-unet-config.js';
import { randomOptimizerStep } from './random-optimizer-step.js';

/** The matrix side for the GFLOP/s figure: large enough to reach a backend's fast path, small enough for llvmpipe. */
const MATMUL_SIZE = 512;
/** Latent side of the measured step (128 px images): every block of SDXL, a fraction of a second on a CPU. */
const STEP_LATENT_SIZE = 16;

/**
 * Measures the active backend in about `seconds`: a float32 [512, 512] x [512, 512] matMul's GFLOP/s and
 * one training step (forward, min-SNR loss, backward, clipping, AdamW) of a 2 M-parameter SDXL-shaped UNet
 * at 16x16 latents with 77 tokens, as the median of the steps that fit (at least one, after a warm-up one).
 */
export async function measureBackend({
  seconds = 10,
}: { seconds?: number } = {}): Promise<BackendMeasurement> {
  const matMulGflops = await measureMatMul((seconds * 1000) / 3);
  const unet = UNet2DConditionModel.fromConfig(PROBE_UNET_CONFIG, { seed: 1 });
  try {
    const step = randomOptimizerStep(unet, STEP_LATENT_SIZE);
    await step();
    const budgetMs = (seconds * 2000) / 3;
    const times: number[] = [];
    const start = performance.now();
    do {
      const before = performance.now();
      await step();
      times.push(performance.now() - before);
    } while (performance.now() - start < budgetMs);
    times.sort((a, b) => a - b);
    return { matMulGflops, trainingStepMs: times[Math.floor(times.length / 2)]! };
  } finally {
    unet.dispose();
  }
}

async function measureMatMul(budgetMs: number): Promise<number> {
  const a = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, 'float32', 1);
  const b = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, 'float32', 2);
  const once = async () => {
    const product = tf.matMul(a, b);
    await product.data();
    product.dispose();
  };
  try {
    await once();
    let runs = 0;
    const start = performance.now();
    do {
      await once();
      runs += 1;
    } while (performance.now() - start < budgetMs);
    const seconds = (performance.now() - start) / 1000;
    return (2 * MATMUL_SIZE ** 3 * runs) / seconds / 1e9;
  } finally {
    tf.dispose([a, b]);
  }
}
