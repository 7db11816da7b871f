// The real size, on this machine: the full SDXL base UNet (2,567,463,684 parameters, built from its config
// with random weights: nothing is downloaded) takes one training step at 32x32 latents (256 px), batch 1,
// 77 tokens of 2048-wide text states, with Adafactor, the fused backward pass and gradient checkpointing on
// the cpu backend; the loss must be finite and the weights must move. The UNet is then saved in bfloat16 and
// loaded back. Reported: wall time per phase, peak RSS, and the peak bytes of live tensors.
//
// Not part of `pnpm bench` (it takes tens of minutes and ~13 GB): `pnpm --filter @pixel/sdxl-trainer bench:sdxl`.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../lib/backend/select-backend.js';
import { randomTrainingLossInput } from '../../lib/backend/random-training-loss-input.js';
import { Adafactor } from '../../lib/optim/adafactor.js';
import { float32ToBfloat16 } from '../../lib/safetensors/float32-to-bfloat16.js';
import { bfloat16ToFloat32 } from '../../lib/safetensors/bfloat16-to-float32.js';
import { DDPMScheduler } from '../../lib/scheduler/ddpm-scheduler.js';
import { fusedOptimizerStep } from '../../lib/train/fused-optimizer-step.js';
import type { OptimizerStepResult } from '../../lib/train/optimizer-step.js';
import { UNet2DConditionModel } from '../../lib/unet/unet-2d-condition-model.js';
import type { UNet2DConditionConfig } from '../../types/unet.js';
import { planTrainingMemory } from '../../lib/memory/plan-training-memory.js';
import { trackBufferBytes } from '../../lib/memory/track-buffer-bytes.js';
import { peakRssMb } from '../support/peak-rss-mb.js';
import { printTable } from '../support/print-table.js';

const LATENT = 32;
const MAX_GRAD_NORM = 1;
/** Parameters whose values are compared before and after the step and after the reload. */
const WATCHED = [
  'conv_in.weight',
  'mid_block.resnets.0.conv1.weight',
  'up_blocks.0.attentions.0.proj_out.weight',
];

const gb = (bytes: number) => (bytes / 1e9).toFixed(2);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const rows: string[][] = [];
const phase = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const result = await work();
  rows.push([name, seconds(started), gb(tf.memory().numBytes), (peakRssMb() / 1000).toFixed(2)]);
  console.error(
    `${name}: ${seconds(started)} s, ${gb(tf.memory().numBytes)} GB of tensors, peak RSS ${(peakRssMb() / 1000).toFixed(2)} GB`,
  );
  return result;
};

async function watchedValues(unet: UNet2DConditionModel): Promise<Float32Array[]> {
  const parameters = unet.parameterMap();
  return Promise.all(
    WATCHED.map(async (key) => {
      const tensor = tf.tidy(() => parameters.get(key)!.toDiffusersLayout(parameters.get(key)!.variable));
      const values = (await tensor.data()) as Float32Array;
      tensor.dispose();
      return values;
    }),
  );
}

await selectBackend('cpu', { log: false });
// PIXEL_BENCH_UNET_CONFIG points at another config.json, for a quick rehearsal of this script on a small UNet.
const configFile = process.env.PIXEL_BENCH_UNET_CONFIG ?? path.join(SHARED.sdxlBaseKeys, 'unet/config.json');
const config = JSON.parse(readFileSync(configFile, 'utf8')) as UNet2DConditionConfig;
// tf.profile counts a buffer once per tensor viewing it (the tape's saved clones of the weights, say); the
// tracker counts each buffer once, as a device allocates it, and is what the memory plan predicts. It starts
// before the weights exist, so the step's replacing them (each update makes new buffers) nets out.
const buffers = trackBufferBytes();
const unet = await phase('build the full-size UNet (random weights)', () =>
  UNet2DConditionModel.fromConfig(config, { seed: 1 }),
);
const parameterCount = unet.parameterCount();
const before = await watchedValues(unet);
const optimizer = new Adafactor([...unet.parameterMap().values()], {
  learningRate: 1e-5,
  relativeStep: false,
  scaleParameter: false,
});
unet.enableGradientCheckpointing(true);
const plan = planTrainingMemory({
  unetConfig: config,
  resolution: LATENT * 8,
  batchSize: 1,
  optimizer: 'adafactor',
  fusedBackwardPass: true,
  gradientCheckpointing: true,
  ema: 'off',
  gradientAccumulationSteps: 1,
});
const stateBytes = buffers.live;
buffers.resetPeak();
let result: OptimizerStepResult | undefined;
const profile = await phase('one training step (Adafactor, fused, checkpointing)', () =>
  tf.profile(async () => {
    result = await fusedOptimizerStep({
      unet,
      optimizer,
      learningRate: 1e-5,
      maxGradNorm: MAX_GRAD_NORM,
      microBatches: (async function* () {
        yield () => randomTrainingLossInput(unet, new DDPMScheduler(), LATENT);
      })(),
    });
  }),
);
const loss = result!.loss;
buffers.stop();
const after = await watchedValues(unet);
const moved = after.map((values, i) => values.some((value, j) => value !== before[i]![j]));
const folder = await mkdtemp(path.join(os.tmpdir(), 'pixel-sdxl-bench-'));
try {
  await phase('save the UNet in bfloat16', () => unet.savePretrained(folder, { dtype: 'bfloat16' }));
  const fileBytes = (await stat(path.join(folder, 'diffusion_pytorch_model.safetensors'))).size;
  unet.dispose();
  optimizer.dispose();
  const reloaded = await phase('load it back', () => UNet2DConditionModel.fromPretrained(folder));
  const roundTrip = await watchedValues(reloaded);
  const exact = roundTrip.every((values, i) => {
    const expected = bfloat16ToFloat32(float32ToBfloat16(after[i]!));
    return values.every((value, j) => value === expected[j]);
  });
  reloaded.dispose();
  printTable(
    `UNet of ${path.basename(path.dirname(configFile))} (${parameterCount.toLocaleString('en-US')} parameters), one step at ${LATENT}x${LATENT} ` +
      `latents, batch 1, 77 tokens, cpu backend, ${os.cpus().length} cores`,
    ['phase', 'wall s', 'tensors GB after', 'peak RSS GB so far'],
    rows,
  );
  console.log(
    [
      `loss ${loss} (finite: ${Number.isFinite(loss)}), gradient norm ${result!.gradNorm}; watched weights moved: ${moved.join(', ')}`,
      `tensors before the step (weights + Adafactor state): ${gb(stateBytes)} GB; peak of live buffers during ` +
        `the step: ${gb(buffers.peak)} GB (${gb(buffers.peak - stateBytes)} GB above; tf.profile, counting views: ` +
        `${gb(profile.peakBytes)} GB); the memory plan predicts ${gb(plan.peak.totalBytes)} GB ` +
        `(${plan.peak.phase})`,
      `bfloat16 file: ${gb(fileBytes)} GB; reloaded weights equal the trained ones rounded to bfloat16: ${exact}`,
      `peak RSS of the process: ${(peakRssMb() / 1000).toFixed(2)} GB (this machine: ${gb(os.totalmem())} GB)`,
    ].join('\n'),
  );
  if (!Number.isFinite(loss) || !moved.every(Boolean) || !exact) process.exitCode = 1;
} finally {
  await rm(folder, { recursive: true, force: true });
}
