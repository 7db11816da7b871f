// Training-loop speed: optimizer steps per second (forward + backward + clipping + AdamW through
// optimizerStep, the function train() runs) and the process's peak RSS, for the diffusers fixture UNet
// (16x16 latents, 77 tokens) and a medium config (64/128/128, 32x32 latents, 77 tokens), each in its own
// process, against PyTorch 1.13's time for the same step on this 2-core machine. Random weights and
// inputs (timing only); wall and CPU time are both shown because other work may share the cores.
import os from 'node:os';
import { selectBackend, UNet2DConditionModel, type UNet2DConditionConfig } from '../index.js';
import { benchChildArgs } from './support/bench-child-args.js';
import { fixtureUnetConfig } from './support/fixture-unet-config.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { randomOptimizerStep } from '../lib/backend/random-optimizer-step.js';
import { runBenchChild } from './support/run-bench-child.js';
import { timeRuns, type Timing } from './support/time-runs.js';

const CASES = {
  tiny: {
    label: 'fixture UNet (32/64/64), 16x16 latents',
    config: fixtureUnetConfig,
    latent: 16,
    pytorchMs: 70,
    runs: 4,
  },
  medium: {
    label: 'medium (64/128/128, 2 layers), 32x32 latents',
    config: mediumUnetConfig,
    latent: 32,
    pytorchMs: 360,
    runs: 2,
  },
} satisfies Record<
  string,
  { label: string; config: UNet2DConditionConfig; latent: number; pytorchMs: number; runs: number }
>;
type CaseName = keyof typeof CASES;

type Measurement = Timing & { peakRssMb: number };

async function measure(name: CaseName): Promise<Measurement> {
  await selectBackend('auto', { log: false });
  const { config, latent, runs } = CASES[name];
  const step = randomOptimizerStep(UNet2DConditionModel.fromConfig(config, { seed: 1 }), latent);
  return { ...(await timeRuns(runs, step)), peakRssMb: peakRssMb() };
}

const childArgs = benchChildArgs(import.meta.url);
if (childArgs) {
  process.stdout.write(JSON.stringify(await measure(childArgs[0] as CaseName)));
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
    const result = runBenchChild<Measurement>(import.meta.url, [name]);
    const { label, pytorchMs } = CASES[name];
    console.log(
      `| ${label} | ${result.wallMs.toFixed(0)} | ${result.cpuMs.toFixed(0)} | ${(1000 / result.wallMs).toFixed(2)} | ${pytorchMs} | ${(result.cpuMs / pytorchMs).toFixed(1)}x | ${result.peakRssMb.toFixed(0)} |`,
    );
  }
}
