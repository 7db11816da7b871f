// What --gradient_checkpointing saves and costs: for each latent size, one optimizer step (optimizerStep, as
// train() runs it) of the medium UNet with and without `unet.enableGradientCheckpointing()`, each in its own
// process. Measured: the peak bytes of live tensors during the step above what was alive before it (weights,
// AdamW moments; tf.profile's peakBytes, sampled after every kernel), the process's peak RSS, and the median
// step's wall and CPU time (CPU time is the fairer comparison when other work shares the cores).
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, UNet2DConditionModel } from '../index.js';
import { benchChildArgs } from './support/bench-child-args.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { printTable } from './support/print-table.js';
import { randomOptimizerStep } from '../lib/backend/random-optimizer-step.js';
import { runBenchChild } from './support/run-bench-child.js';
import { timeRuns, type Timing } from './support/time-runs.js';

const CASES = {
  'medium-32': { label: 'medium (64/128/128), 32x32 latents', latent: 32, runs: 3 },
  'medium-64': { label: 'medium (64/128/128), 64x64 latents', latent: 64, runs: 1 },
} as const;
type CaseName = keyof typeof CASES;

interface Measurement extends Timing {
  stateBytes: number;
  peakStepBytes: number;
  peakRssMb: number;
}

async function measure(name: CaseName, checkpointing: boolean): Promise<Measurement> {
  await selectBackend('auto', { log: false });
  const { latent, runs } = CASES[name];
  const unet = UNet2DConditionModel.fromConfig(mediumUnetConfig, { seed: 1 });
  unet.enableGradientCheckpointing(checkpointing);
  const step = randomOptimizerStep(unet, latent);
  const stateBytes = tf.memory().numBytes;
  // The profiled step is also the warm-up; profiling slows kernels down, so it is not timed.
  const profile = await tf.profile(async () => {
    await step();
  });
  const timing = await timeRuns(runs, step, { warmUp: false });
  return { ...timing, stateBytes, peakStepBytes: profile.peakBytes - stateBytes, peakRssMb: peakRssMb() };
}

const childArgs = benchChildArgs(import.meta.url);
if (childArgs) {
  const [name, mode] = childArgs as [CaseName, string];
  process.stdout.write(JSON.stringify(await measure(name, mode === 'checkpointing')));
} else {
  const backend = await selectBackend('auto', { log: false });
  console.log(
    `${backend.summary}; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  );
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows: string[][] = [];
  for (const name of Object.keys(CASES) as CaseName[]) {
    const plain = runBenchChild<Measurement>(import.meta.url, [name, 'plain']);
    const checkpointed = runBenchChild<Measurement>(import.meta.url, [name, 'checkpointing']);
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
        result.wallMs.toFixed(0),
        result.cpuMs.toFixed(0),
        `${(result.cpuMs / plain.cpuMs).toFixed(2)}x`,
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
