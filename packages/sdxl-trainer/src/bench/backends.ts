// The cpu, wasm and webgpu backends on the same training step (optimizerStep: forward, min-SNR loss,
// backward, clipping, AdamW) for the diffusers fixture UNet (16x16 latents) and the medium config (32x32
// latents), 77 tokens, one process per backend and config so each gets its own peak RSS. Random weights and
// inputs (timing only); wall and CPU time are both shown because other work may share the cores. webgpu runs
// on whatever adapter selectBackend('webgpu') finds (named in the table; without a GPU, Mesa's llvmpipe).
// tfjs-node is left out: it needs a native addon this machine cannot build offline (see README, Backends).
import os from 'node:os';
import { selectBackend, UNet2DConditionModel, type UNet2DConditionConfig } from '../index.js';
import { benchChildArgs } from './support/bench-child-args.js';
import { fixtureUnetConfig } from './support/fixture-unet-config.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { printTable } from './support/print-table.js';
import { randomOptimizerStep } from '../lib/backend/random-optimizer-step.js';
import { runBenchChild } from './support/run-bench-child.js';
import { timeRuns, type Timing } from './support/time-runs.js';

const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
type Backend = (typeof BACKENDS)[number];

const CASES = {
  fixture: { label: 'fixture UNet (32/64/64), 16x16', config: fixtureUnetConfig, latent: 16, runs: 4 },
  medium: { label: 'medium (64/128/128), 32x32', config: mediumUnetConfig, latent: 32, runs: 2 },
} satisfies Record<string, { label: string; config: UNet2DConditionConfig; latent: number; runs: number }>;
type CaseName = keyof typeof CASES;

type Measurement = Timing & { peakRssMb: number; adapter?: string };

async function measure(backend: Backend, name: CaseName): Promise<Measurement> {
  const selected = await selectBackend(backend, { log: false });
  const { config, latent, runs } = CASES[name];
  const step = randomOptimizerStep(UNet2DConditionModel.fromConfig(config, { seed: 1 }), latent);
  return { ...(await timeRuns(runs, step)), peakRssMb: peakRssMb(), adapter: selected.adapter?.name };
}

const childArgs = benchChildArgs(import.meta.url);
if (childArgs) {
  process.stdout.write(JSON.stringify(await measure(childArgs[0] as Backend, childArgs[1] as CaseName)));
} else {
  const rows: string[][] = [];
  const adapters = new Set<string>();
  for (const name of Object.keys(CASES) as CaseName[]) {
    let cpuMs = 0;
    for (const backend of BACKENDS) {
      const result = runBenchChild<Measurement>(import.meta.url, [backend, name]);
      if (backend === 'cpu') cpuMs = result.cpuMs;
      if (result.adapter) adapters.add(result.adapter);
      rows.push([
        CASES[name].label,
        backend,
        result.wallMs.toFixed(0),
        result.cpuMs.toFixed(0),
        `${(cpuMs / result.cpuMs).toFixed(1)}x`,
        result.peakRssMb.toFixed(0),
      ]);
    }
  }
  printTable(
    `Training step by backend (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start; ` +
      `webgpu adapter: ${[...adapters].join(', ')})`,
    ['config', 'backend', 'step wall ms', 'step CPU ms', 'speed-up vs cpu (CPU time)', 'peak RSS MB'],
    rows,
  );
}
