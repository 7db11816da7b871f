import os from 'node:os';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { diagnoseBackends, type BackendDiagnosis, type BackendsReport } from '@pixel/sdxl-trainer';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { formatBytes } from '../lib/format-bytes.js';
import { formatTable } from '../lib/format-table.js';
import { freeDiskBytes } from '../lib/free-disk-bytes.js';
import { hubCacheDir } from '../lib/hub-cache-dir.js';
import { lastValue } from '../lib/last-value.js';

interface DoctorArgs {
  seconds: number;
  measure: boolean;
  json: boolean;
  cache_dir?: string;
  output_dir: string;
}

interface MachineFacts {
  cpu: string;
  cores: number;
  memoryBytes: number;
  freeMemoryBytes: number;
  node: string;
  folders: { role: string; path: string; freeBytes: number | undefined }[];
}

/** Most seconds a measurement of one backend may take: llvmpipe needs a few for one step. */
const MAX_SECONDS = 120;

async function machineFacts(ctx: CommandContext, args: DoctorArgs): Promise<MachineFacts> {
  const folders = [
    { role: 'Hub cache (--cache_dir)', path: hubCacheDir(ctx, args.cache_dir) },
    { role: 'output (--output_dir)', path: path.resolve(ctx.cwd, args.output_dir) },
  ];
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    node: `Node.js ${process.version}, ${process.platform} ${process.arch}`,
    folders: await Promise.all(folders.map(async (f) => ({ ...f, freeBytes: await freeDiskBytes(f.path) }))),
  };
}

function backendRow(backend: BackendDiagnosis): string[] {
  const status = !backend.available
    ? 'no'
    : backend.adapter
      ? `yes (${backend.adapter.software ? 'software' : 'GPU'} adapter)`
      : 'yes';
  return [
    backend.choice,
    status,
    backend.auto ? 'yes' : 'no (by name only)',
    backend.measurement ? backend.measurement.matMulGflops.toFixed(1) : '',
    backend.measurement ? backend.measurement.trainingStepMs.toFixed(0) : '',
  ];
}

/** The doctor's report for people: the machine, the backends (why not, how fast), the WebGPU adapters. */
export function doctorReport(machine: MachineFacts, report: BackendsReport): string {
  const lines = [
    'pixel doctor: what this machine can train on',
    '',
    `Machine  ${machine.cpu}, ${machine.cores} cores; ${formatBytes(machine.memoryBytes)} memory ` +
      `(${formatBytes(machine.freeMemoryBytes)} free); ${machine.node}`,
    ...machine.folders.map(
      (f) =>
        `Disk     ${f.role} ${f.path}: ${f.freeBytes === undefined ? 'unknown' : formatBytes(f.freeBytes)} free`,
    ),
    '',
    formatTable(
      ['backend', 'available', 'auto tries it', 'matMul GFLOP/s', 'training step ms'],
      report.backends.map(backendRow),
    ),
    '',
    `auto picks: ${report.auto}. The training step is a 2 M-parameter SDXL-shaped UNet at 16x16 latents, 77 tokens, batch 1.`,
    '',
    'Why the others are unavailable:',
    ...report.backends.filter((b) => !b.available).map((b) => `- ${b.choice}: ${b.reason}`),
    '',
    'WebGPU adapters:',
    ...report.webgpu.adapters.map(
      (a) =>
        `- ${a.name} (${a.api === 'hardware' ? 'a GPU through Vulkan, Metal or D3D12' : 'OpenGL ES'}` +
        `${a.software ? ', a software rasteriser: slower than the cpu backend' : ''}; one tensor at most ` +
        `${formatBytes(a.maxStorageBufferBindingSize)}, buffers at most ${formatBytes(a.maxBufferSize)})`,
    ),
    ...report.webgpu.missing.map((reason) => `- none of the other kind: ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function doctorCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'doctor',
    describe:
      'What this machine can train on: each TensorFlow.js backend and why it is or is not available, the WebGPU ' +
      'adapters, cores, memory, free disk, and a short speed measurement of each backend. Run it first on a new machine.',
    builder: (y) =>
      y
        .option('measure', {
          type: 'boolean',
          default: true,
          describe:
            'Measure each available backend (matMul GFLOP/s and a small UNet training step); --no-measure skips it',
        })
        .option('seconds', {
          type: 'number',
          default: 10,
          describe: `Seconds to measure each backend (at least one training step runs), 1 to ${MAX_SECONDS}`,
          coerce: (value: unknown) => {
            const seconds = Number(lastValue(value));
            if (!(Number.isFinite(seconds) && seconds >= 1 && seconds <= MAX_SECONDS)) {
              throw new UsageError(
                `--seconds must be a number from 1 to ${MAX_SECONDS}, got ${String(lastValue(value))}.`,
              );
            }
            return seconds;
          },
        })
        .option('cache_dir', {
          type: 'string',
          describe: 'The Hub cache whose free disk to report (default: HF_HUB_CACHE)',
        })
        .option('output_dir', {
          type: 'string',
          default: '.',
          describe: 'The training output folder whose free disk to report',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON for scripts' }) as Argv,
    handler: async (argv) => {
      const args = argv as unknown as DoctorArgs;
      const [machine, report] = [
        await machineFacts(ctx, args),
        await diagnoseBackends(args.measure ? { measureSeconds: args.seconds } : {}),
      ];
      ctx.stdout.write(
        args.json ? `${JSON.stringify({ machine, ...report }, null, 2)}\n` : doctorReport(machine, report),
      );
    },
  };
}
