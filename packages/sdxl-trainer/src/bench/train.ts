// Training-loop speed: optimizer steps per second (forward + backward + clipping + AdamW through
// optimizerStep, the function train() runs) and the process's peak RSS, for the diffusers fixture UNet
// (16x16 latents, 77 tokens) and a medium config (64/128/128, 32x32 latents, 77 tokens), each in its own
// process, against PyTorch 1.13's time for the same step on this 2-core machine. Random weights and
// inputs (timing only); wall and CPU time are both shown because other work may share the cores.
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

const shared =
  process.env.PIXEL_SHARED_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared');
const fixtureConfig = JSON.parse(
  readFileSync(path.join(shared, 'fixtures/sdxl-unet-vae-tiny/config.json'), 'utf8'),
) as UNet2DConditionConfig;

const CASES = {
  tiny: {
    label: 'fixture UNet (32/64/64), 16x16 latents',
    config: fixtureConfig,
    latent: 16,
    pytorchMs: 70,
    runs: 4,
  },
  medium: {
    label: 'medium (64/128/128, 2 layers), 32x32 latents',
    config: {
      ...fixtureConfig,
      block_out_channels: [64, 128, 128],
      layers_per_block: 2,
      transformer_layers_per_block: [1, 2, 2],
      attention_head_dim: [2, 4, 4],
      cross_attention_dim: 64,
    },
    latent: 32,
    pytorchMs: 360,
    runs: 2,
  },
} satisfies Record<
  string,
  { label: string; config: UNet2DConditionConfig; latent: number; pytorchMs: number; runs: number }
>;
type CaseName = keyof typeof CASES;

interface Measurement {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

async function measure(name: CaseName): Promise<Measurement> {
  await selectBackend('auto', { log: false });
  const { config, latent, runs } = CASES[name];
  const unet = UNet2DConditionModel.fromConfig(config, { seed: 1 });
  const scheduler = new DDPMScheduler();
  const variables = unet.trainableVariables();
  const optimizer = new AdamW(variables, { learningRate: 1e-5 });
  const crossDim = config.cross_attention_dim as number;
  const pooledDim =
    (config.projection_class_embeddings_input_dim as number) - 6 * (config.addition_time_embed_dim as number);
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
  await step(); // warm-up
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
  return { wallMs: median(wall), cpuMs: median(cpu), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const only = process.argv[2] as CaseName | undefined;
if (only) {
  process.stdout.write(JSON.stringify(await measure(only)));
} else {
  const backend = await selectBackend('auto', { log: false });
  console.log(
    `${backend.summary}; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  );
  console.log(
    '| config | step wall ms | step CPU ms | steps/s | PyTorch ms | slower than PyTorch (CPU) | peak RSS MB |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of Object.keys(CASES) as CaseName[]) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench case ${name} failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout) as Measurement;
    const { label, pytorchMs } = CASES[name];
    console.log(
      `| ${label} | ${result.wallMs.toFixed(0)} | ${result.cpuMs.toFixed(0)} | ${(1000 / result.wallMs).toFixed(2)} | ${pytorchMs} | ${(result.cpuMs / pytorchMs).toFixed(1)}x | ${result.peakRssMb.toFixed(0)} |`,
    );
  }
}
