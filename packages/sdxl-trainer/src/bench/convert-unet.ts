// What an upload's dtype conversion costs: a random UNet saved in float32, then written in bfloat16 two ways,
// each in its own process: loading it as a TensorFlow.js model and saving it (fromPretrained +
// savePretrained, what pushModel did before), and convertUnetCheckpoint, which streams one tensor at a time.
// Measured: wall time, the process's peak RSS, and whether both outputs are the same bytes.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  convertUnetCheckpoint,
  selectBackend,
  UNet2DConditionModel,
  type UNet2DConditionConfig,
} from '../index.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { peakRssMb } from './support/peak-rss-mb.js';
import { printTable } from './support/print-table.js';
import { runBenchChild } from './support/run-bench-child.js';
import { runPhasedBench } from './support/run-phased-bench.js';

const WEIGHTS = 'diffusion_pytorch_model.safetensors';

const CONFIGS: Record<string, { label: string; config: UNet2DConditionConfig }> = {
  medium: { label: 'medium (64/128/128)', config: mediumUnetConfig },
  wide: {
    label: 'wide (160/320/640)',
    config: {
      ...mediumUnetConfig,
      block_out_channels: [160, 320, 640],
      attention_head_dim: [5, 10, 20],
      cross_attention_dim: 256,
    },
  },
};

interface PhaseResult {
  seconds: number;
  peakRssMb: number;
}

/** Runs in the child process: one phase, then reports its time and the process's peak RSS. */
async function runPhase(phase: string, configName: string, dir: string): Promise<void> {
  const source = path.join(dir, 'source');
  const start = process.hrtime.bigint();
  if (phase === 'write-source') {
    await selectBackend('cpu', { log: false });
    const unet = UNet2DConditionModel.fromConfig(CONFIGS[configName]!.config, { seed: 1 });
    await unet.savePretrained(source, { dtype: 'float32' });
    unet.dispose();
  } else if (phase === 'load-save') {
    await selectBackend('cpu', { log: false });
    const unet = await UNet2DConditionModel.fromPretrained(source);
    await unet.savePretrained(path.join(dir, phase), { dtype: 'bfloat16' });
    unet.dispose();
  } else if (phase === 'convert') {
    await convertUnetCheckpoint(source, path.join(dir, phase), { dtype: 'bfloat16' });
  }
  const result: PhaseResult = {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(JSON.stringify(result));
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('base64');
}

/** Runs in the parent: for each config, the source, then each conversion in its own process. */
async function main(scratchDir: string): Promise<void> {
  const idle = runBenchChild<PhaseResult>(import.meta.url, ['idle', 'medium', scratchDir]);
  const rows: string[][] = [];
  for (const [name, { label, config }] of Object.entries(CONFIGS)) {
    const dir = path.join(scratchDir, name);
    const parameters = UNet2DConditionModel.parameterSpec(config).reduce(
      (sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1),
      0,
    );
    runBenchChild<PhaseResult>(import.meta.url, ['write-source', name, dir]);
    const sourceMb = (await stat(path.join(dir, 'source', WEIGHTS))).size / 1e6;
    const loadSave = runBenchChild<PhaseResult>(import.meta.url, ['load-save', name, dir]);
    const convert = runBenchChild<PhaseResult>(import.meta.url, ['convert', name, dir]);
    const identical =
      (await sha256(path.join(dir, 'load-save', WEIGHTS))) ===
      (await sha256(path.join(dir, 'convert', WEIGHTS)));
    for (const [method, result] of [
      ['fromPretrained + savePretrained', loadSave],
      ['convertUnetCheckpoint', convert],
    ] as const) {
      rows.push([
        `${label}, ${(parameters / 1e6).toFixed(1)} M params, ${sourceMb.toFixed(0)} MB F32: ${method}`,
        result.seconds.toFixed(2),
        result.peakRssMb.toFixed(0),
        (result.peakRssMb - idle.peakRssMb).toFixed(0),
        identical ? 'yes' : 'NO',
      ]);
    }
  }
  printTable(
    `UNet float32 -> bfloat16 for upload (Node ${process.version}, cpu backend, ${os.cpus().length} cores, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)}; idle process peak RSS ${idle.peakRssMb.toFixed(0)} MB)`,
    ['conversion', 'seconds', 'peak RSS MB', 'over idle MB', 'same bytes'],
    rows,
  );
}

await runPhasedBench(import.meta.url, {
  scratchPrefix: 'convert-unet-bench',
  main,
  phase: ([phase, configName, dir]) => runPhase(phase!, configName!, dir!),
});
