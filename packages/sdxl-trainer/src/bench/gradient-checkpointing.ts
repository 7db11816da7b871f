// What --gradient_checkpointing saves and costs: for each config, one optimizer step (optimizerStep, as
// train() runs it) with and without `unet.enableGradientCheckpointing()`, each in its own process. Measured:
// the peak bytes of live tensors during the step above what was alive before it (weights, AdamW moments;
// tf.profile's peakBytes, sampled after every kernel), the process's peak RSS, and the median step's wall
// and CPU time (CPU time is the fairer comparison when other work shares the cores).
// Random weights and inputs; the configs are bench/train.ts's medium one at two latent sizes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdamW,
  DDPMScheduler,
  optimizerStep,
  selectBackend,
  UNet2DConditionModel,
  type UNet2DConditionConfig,
} from '../index.js';
import { printTable } from './support/print-table.js';

const shared =
  process.env.PIXEL_SHARED_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared');
const fixtureConfig = JSON.parse(
  readFileSync(path.join(shared, 'fixtures/sdxl-unet-vae-tiny/config.json'), 'utf8'),
) as UNet2DConditionConfig;
const mediumConfig: UNet2DConditionConfig = {
  ...fixtureConfig,
  block_out_channels: [64, 128, 128],
  layers_per_block: 2,
  transformer_layers_per_block: [1, 2, 2],
  attention_head_dim: [2, 4, 4],
  cross_attention_dim: 64,
};

const CASES = {
  'medium-32': { label: 'medium (64/128/128), 32x32 latents', latent: 32, runs: 3 },
  'medium-64': { label: 'medium (64/128/128), 64x64 latents', latent: 64, runs: 1 },
} as const;
type CaseName = keyof typeof CASES;

interface Measurement {
  stateBytes: number;
  peakStepBytes: number;
  stepMs: number;
  stepCpuMs: number;
  peakRssMb: number;
}

async function measure(name: CaseName, checkpointing: boolean): Promise<Measurement> {
  await selectBackend('auto', { log: false });
  const { latent, runs } = CASES[name];
  const unet = UNet2DConditionModel.fromConfig(mediumConfig, { seed: 1 });
  unet.enableGradientCheckpointing(checkpointing);
  const scheduler = new DDPMScheduler();
  const variables = unet.trainableVariables();
  const optimizer = new AdamW(variables, { learningRate: 1e-5 });
  const crossDim = mediumConfig.cross_attention_dim as number;
  const pooledDim =
    (mediumConfig.projection_class_embeddings_input_dim as number) -
    6 * (mediumConfig.addition_time_embed_dim as number);
  const step = () =>
    optimizerStep({
      variables,
      optimizer,
      learningRate: 1e-5,
      maxGradNorm: 1,
      accumulationSteps: 1,
      microBatches: (async function* () {
        yield () => ({
          unet,
          scheduler,
          latents: tf.randomNormal([1, 4, latent, latent], 0, 1, 'float32', 1) as tf.Tensor4D,
          noise: tf.randomNormal([1, 4, latent, latent], 0, 1, 'float32', 2) as tf.Tensor4D,
          timesteps: [500],
          promptEmbeds: tf.randomNormal([1, 77, crossDim], 0, 1, 'float32', 3) as tf.Tensor3D,
          pooledPromptEmbeds: tf.randomNormal([1, pooledDim], 0, 1, 'float32', 4) as tf.Tensor2D,
          timeIds: tf.tensor2d([[latent * 8, latent * 8, 0, 0, latent * 8, latent * 8]]),
          predictionType: 'epsilon' as const,
          snrGamma: 5,
        });
      })(),
    });
  const stateBytes = tf.memory().numBytes;
  // The profiled step is also the warm-up; profiling slows kernels down, so it is not timed.
  const profile = await tf.profile(async () => {
    await step();
  });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await step();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    stateBytes,
    peakStepBytes: profile.peakBytes - stateBytes,
    stepMs: median(wall),
    stepCpuMs: median(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const [only, mode] = process.argv.slice(2) as [CaseName | undefined, string | undefined];
if (only) {
  process.stdout.write(JSON.stringify(await measure(only, mode === 'checkpointing')));
} else {
  const backend = await selectBackend('auto', { log: false });
  console.log(
    `${backend.summary}; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  );
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows: string[][] = [];
  for (const name of Object.keys(CASES) as CaseName[]) {
    const [plain, checkpointed] = ['plain', 'checkpointing'].map((childMode) => {
      const script = [...process.execArgv, fileURLToPath(import.meta.url), name, childMode];
      const child = spawnSync(process.execPath, script, { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`bench case ${name} ${childMode} failed: ${child.stderr}`);
      return JSON.parse(child.stdout) as Measurement;
    }) as [Measurement, Measurement];
    for (const [label, result] of [
      ['off', plain],
      ['on', checkpointed],
    ] as const) {
      rows.push([
        `${CASES[name].label}, checkpointing ${label}`,
        mb(result.stateBytes),
        mb(result.peakStepBytes),
        `${((100 * result.peakStepBytes) / plain.peakStepBytes).toFixed(0)}%`,
        result.peakRssMb.toFixed(0),
        result.stepMs.toFixed(0),
        result.stepCpuMs.toFixed(0),
        `${(result.stepCpuMs / plain.stepCpuMs).toFixed(2)}x`,
      ]);
    }
  }
  printTable(
    'Gradient checkpointing: one optimizer step (forward, backward, clipping, AdamW)',
    [
      'case',
      'weights+moments MB',
      'step peak MB',
      'of off',
      'peak RSS MB',
      'step wall ms',
      'step CPU ms',
      'CPU vs off',
    ],
    rows,
  );
}
