// The cpu, wasm and webgpu backends on the same training step (optimizerStep: forward, min-SNR loss,
// backward, clipping, AdamW) for the diffusers fixture UNet (16x16 latents) and the medium config (32x32
// latents), 77 tokens, one process per backend and config so each gets its own peak RSS, beside PyTorch's
// time for the same step (support/pytorch-reference.ts: PIXEL_BENCH_PYTORCH=run measures it in this run).
// Each row also has the step's phases (forward, backward, optimizer) and where its CPU time went by kernel,
// so the next bottleneck is visible. Random weights and inputs (timing only); wall and CPU time are both
// shown because other work may share the cores. PIXEL_BENCH_BACKENDS=cpu,wasm picks backends (default
// cpu, wasm, webgpu); PIXEL_NUM_THREADS sets the cpu kernels' threads. tfjs-node is left out: it needs a
// native addon this machine cannot build offline (see README, Backends).
import os from 'node:os';
import { selectBackend, UNet2DConditionModel, type UNet2DConditionConfig } from '../index.js';
import { kernelEngine } from '../lib/kernels/cpu/engine/kernel-engine.js';
import { benchChildArgs } from './support/bench-child-args.js';
import { fixtureUnetConfig } from './support/fixture-unet-config.js';
import { countKernelTimes, type KernelTime } from './support/kernel-counters.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { printTable } from './support/print-table.js';
import { pytorchReference } from './support/pytorch-reference.js';
import { randomOptimizerStep } from '../lib/backend/random-optimizer-step.js';
import { runBenchChild } from './support/run-bench-child.js';
import { timeRuns, type Timing } from './support/time-runs.js';
import { timeStepPhases, type StepPhases } from './support/time-step-phases.js';

const BACKENDS = (process.env.PIXEL_BENCH_BACKENDS ?? 'cpu,wasm,webgpu').split(',') as Backend[];
type Backend = 'cpu' | 'wasm' | 'webgpu';

const CASES = {
  fixture: {
    label: 'fixture UNet (32/64/64), 16x16',
    config: fixtureUnetConfig,
    latent: 16,
    runs: 5,
    reference: 'public',
  },
  medium: {
    label: 'medium (64/128/128), 32x32',
    config: mediumUnetConfig,
    latent: 32,
    runs: 3,
    reference: 'medium',
  },
} satisfies Record<
  string,
  {
    label: string;
    config: UNet2DConditionConfig;
    latent: number;
    runs: number;
    reference: 'public' | 'medium';
  }
>;
type CaseName = keyof typeof CASES;

type Measurement = Timing &
  StepPhases & { peakRssMb: number; adapter?: string; threads?: number; kernels: [string, KernelTime][] };

async function measure(backend: Backend, name: CaseName): Promise<Measurement> {
  const selected = await selectBackend(backend, { log: false });
  const { config, latent, runs } = CASES[name];
  const unet = UNet2DConditionModel.fromConfig(config, { seed: 1 });
  const phases = await timeStepPhases(unet, latent, runs);
  const step = randomOptimizerStep(unet, latent);
  const timing = await timeRuns(runs, step);
  // Counted in runs of their own: the counters' clock and CPU-time reads around each of some 10,000 kernel
  // calls would add tens of milliseconds to the step they time.
  const counters = countKernelTimes(backend);
  for (let run = 0; run < runs; run++) await step();
  const kernels = counters
    .read()
    .map(([kernel, time]): [string, KernelTime] => [
      kernel,
      { wallMs: time.wallMs / runs, cpuMs: time.cpuMs / runs, calls: time.calls / runs },
    ]);
  return {
    ...timing,
    ...phases,
    kernels,
    peakRssMb: peakRssMb(),
    adapter: selected.adapter?.name,
    threads: backend === 'cpu' ? kernelEngine().threads : undefined,
  };
}

const childArgs = benchChildArgs(import.meta.url);
if (childArgs) {
  process.stdout.write(JSON.stringify(await measure(childArgs[0] as Backend, childArgs[1] as CaseName)));
} else {
  const rows: string[][] = [];
  const kernelRows: string[][] = [];
  const notes = new Set<string>();
  for (const name of Object.keys(CASES) as CaseName[]) {
    const pytorch = pytorchReference(CASES[name].reference);
    notes.add(`PyTorch ${CASES[name].reference}: ${pytorch.source}`);
    rows.push([
      CASES[name].label,
      'PyTorch 2 threads',
      pytorch.medianMs?.toFixed(0) ?? '-',
      '-',
      pytorch.forwardMs?.toFixed(0) ?? '-',
      pytorch.backwardMs?.toFixed(0) ?? '-',
      pytorch.optimizerMs?.toFixed(0) ?? '-',
      '1.0x',
      '-',
    ]);
    for (const backend of BACKENDS) {
      const result = runBenchChild<Measurement>(import.meta.url, [backend, name]);
      if (result.adapter) notes.add(`webgpu adapter: ${result.adapter}`);
      const label = result.threads ? `${backend} (${result.threads} threads)` : backend;
      rows.push([
        CASES[name].label,
        label,
        result.wallMs.toFixed(0),
        result.cpuMs.toFixed(0),
        result.forwardMs.toFixed(0),
        result.backwardMs.toFixed(0),
        result.optimizerMs.toFixed(0),
        pytorch.medianMs ? `${(result.wallMs / pytorch.medianMs).toFixed(1)}x` : '-',
        result.peakRssMb.toFixed(0),
      ]);
      const total = result.kernels.reduce((sum, [, time]) => sum + time.cpuMs, 0);
      for (const [kernel, time] of result.kernels.slice(0, 12)) {
        kernelRows.push([
          `${name} ${label}`,
          kernel,
          time.calls.toFixed(0),
          time.wallMs.toFixed(1),
          time.cpuMs.toFixed(1),
          `${((100 * time.cpuMs) / total).toFixed(0)}%`,
        ]);
      }
    }
  }
  printTable(
    `Training step by backend (${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)} ` +
      `at the end; ${[...notes].join('; ')}). Phases are wall ms of a step taken apart (forward + loss, ` +
      'backward, clipping + AdamW).',
    [
      'config',
      'backend',
      'step wall ms',
      'step CPU ms',
      'forward',
      'backward',
      'optimizer',
      'vs PyTorch (wall)',
      'peak RSS MB',
    ],
    rows,
  );
  printTable(
    'Where a step goes, by kernel (per step; CPU ms counts every thread of the process; the 12 largest)',
    ['config, backend', 'kernel', 'calls', 'wall ms', 'CPU ms', 'share of kernel CPU'],
    kernelRows,
  );
}
