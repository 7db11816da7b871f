#!/usr/bin/env node
// `pnpm demo`: the miner's whole loop on a local network, then the report.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDemoReport, runDemo } from '../index.js';

const { values } = parseArgs({
  options: {
    'shared-dir': { type: 'string' },
    'work-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    steps: { type: 'string', default: '40' },
    resolution: { type: 'string', default: '64' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    [
      'Usage: pixel-demo [--shared-dir <dir>] [--work-dir <dir>] [--keep] [--json] [--steps 40] [--resolution 64]',
      '',
      'Starts a local Bittensor chain (the subtensor runtime under chopsticks), a local Hugging Face Hub and a',
      "local subnet 19 image store, then runs the miner's commands (pixel dataset generate, pixel-train,",
      'pixel model eval, pixel-upload) and a validator round, and prints a report. Offline; everything it starts',
      'is stopped at the end. --shared-dir: the shared fixtures (default $PIXEL_SHARED_DIR or ../shared of the repo).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const sharedDir = path.resolve(
  values['shared-dir'] ??
    process.env.PIXEL_SHARED_DIR ??
    fileURLToPath(new URL('../../../../../shared', import.meta.url)),
);
await access(path.join(sharedDir, 'fixtures/tiny-sdxl-pipe')).catch(() => {
  process.stderr.write(
    `${sharedDir} does not hold fixtures/tiny-sdxl-pipe; pass --shared-dir <the shared materials folder>.\n`,
  );
  process.exit(2);
});
const toPositive = (flag: string, value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    process.stderr.write(`--${flag} must be a positive whole number, got ${value}.\n`);
    process.exit(2);
  }
  return number;
};
const report = await runDemo({
  sharedDir,
  workDir: values['work-dir'],
  keep: values.keep,
  trainSteps: toPositive('steps', values.steps),
  resolution: toPositive('resolution', values.resolution),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDemoReport(report));
