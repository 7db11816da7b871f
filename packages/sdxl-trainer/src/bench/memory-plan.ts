// The memory plan for the full-size SDXL base UNet (../shared/fixtures/sdxl-base-keys/unet/config.json) at
// 1024 and 512 px, batch 1, for each optimizer setting and EMA placement: the table in docs/memory.md
// (arithmetic on the config only: planTrainingMemory allocates nothing). Then the check behind it: real
// steps of the medium UNet (optimizerStep / fusedOptimizerStep, each in its own process) on the cpu
// backend, their peak of live buffer bytes beside the plan's prediction and tf.profile's peakBytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from '@pixel-tools/test-support';
import { planTrainingMemory, type MemoryPlanInput } from '../lib/memory/plan-training-memory.js';
import type { UNet2DConditionConfig } from '../types/unet.js';
import { measureStepMemory, type StepSettings } from '../test-support/measure-step-memory.js';
import { selectBackend } from '../lib/backend/select-backend.js';
import { benchChildArgs } from './support/bench-child-args.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { printTable } from './support/print-table.js';
import { runBenchChild } from './support/run-bench-child.js';

const unetConfig = JSON.parse(
  readFileSync(path.join(SHARED.sdxlBaseKeys, 'unet', 'config.json'), 'utf8'),
) as UNet2DConditionConfig;

const SETTINGS: [
  string,
  Pick<MemoryPlanInput, 'optimizer' | 'gradientCheckpointing' | 'fusedBackwardPass'>,
][] = [
  ['AdamW', { optimizer: 'adamw', gradientCheckpointing: false, fusedBackwardPass: false }],
  ['AdamW, checkpointing', { optimizer: 'adamw', gradientCheckpointing: true, fusedBackwardPass: false }],
  [
    'Adafactor, checkpointing',
    { optimizer: 'adafactor', gradientCheckpointing: true, fusedBackwardPass: false },
  ],
  [
    'Adafactor, fused, checkpointing',
    { optimizer: 'adafactor', gradientCheckpointing: true, fusedBackwardPass: true },
  ],
];

const MEDIUM: [string, Partial<StepSettings>][] = [
  ['AdamW, 32 x 32 latents', {}],
  ['AdamW, 32 x 32 latents, batch 2', { batchSize: 2 }],
  ['AdamW, checkpointing, 32 x 32', { gradientCheckpointing: true }],
  ['AdamW, checkpointing, 32 x 32, batch 2', { gradientCheckpointing: true, batchSize: 2 }],
  [
    'AdamW, checkpointing, 2 accumulation steps, 32 x 32',
    { gradientCheckpointing: true, gradientAccumulationSteps: 2 },
  ],
  ['AdamW, checkpointing, EMA on the device, 32 x 32', { gradientCheckpointing: true, ema: 'device' }],
  [
    'Adafactor, checkpointing, 32 x 32, batch 2',
    { optimizer: 'adafactor', gradientCheckpointing: true, batchSize: 2 },
  ],
  [
    'Adafactor, fused, 32 x 32',
    { optimizer: 'adafactor', gradientCheckpointing: true, fusedBackwardPass: true },
  ],
  [
    'Adafactor, fused, 64 x 64',
    { optimizer: 'adafactor', gradientCheckpointing: true, fusedBackwardPass: true, resolution: 512 },
  ],
];
const BASE: StepSettings = {
  resolution: 256,
  batchSize: 1,
  optimizer: 'adamw',
  fusedBackwardPass: false,
  gradientCheckpointing: false,
  ema: 'off',
  gradientAccumulationSteps: 1,
};

const childArgs = benchChildArgs(import.meta.url);
if (childArgs) {
  await selectBackend('cpu', { log: false });
  const settings = { ...BASE, ...MEDIUM[Number(childArgs[0])]![1] };
  process.stdout.write(JSON.stringify(await measureStepMemory(mediumUnetConfig, settings)));
} else {
  printSdxlTable();
  printMediumCheck();
}

function printMediumCheck(): void {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const rows = MEDIUM.map(([label, change], index) => {
    const planned = planTrainingMemory({ unetConfig: mediumUnetConfig, ...BASE, ...change });
    const measured = runBenchChild<{ peakBytes: number; profilePeakBytes: number }>(import.meta.url, [
      String(index),
    ]);
    return [
      label,
      `${mb(planned.peak.totalBytes)} (${planned.peak.phase})`,
      mb(measured.peakBytes),
      `${((100 * (planned.peak.totalBytes - measured.peakBytes)) / measured.peakBytes).toFixed(1)}%`,
      mb(measured.profilePeakBytes),
    ];
  });
  printTable(
    'Medium UNet (13.4 M parameters), one step on the cpu backend: peak device memory in MB, weights and optimizer state included',
    [
      'setting',
      'planned (phase)',
      'measured (live buffers)',
      'plan error',
      'tf.profile peakBytes (views counted again)',
    ],
    rows,
  );
}

function printSdxlTable(): void {
  const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  const rows: string[][] = [];
  for (const resolution of [1024, 512]) {
    for (const [label, settings] of SETTINGS) {
      const plan = (ema: MemoryPlanInput['ema']) =>
        planTrainingMemory({
          unetConfig,
          resolution,
          batchSize: 1,
          gradientAccumulationSteps: 1,
          ema,
          ...settings,
        });
      const [off, device, host] = [plan('off'), plan('device'), plan('host')];
      const smallest = (p: typeof off) => p.cards.find((card) => card.fits)?.gigabytes ?? '-';
      rows.push([
        `${resolution} px, ${label}`,
        gib(off.weightBytes),
        gib(off.gradientBytes),
        gib(off.optimizerStateBytes),
        gib(off.activationBytes),
        `${gib(off.peak.totalBytes)} (${off.peak.phase})`,
        `${gib(device.peak.totalBytes)} (${device.peak.phase})`,
        gib(host.peak.totalBytes),
        `${smallest(off)} / ${smallest(device)} / ${smallest(host)}`,
      ]);
    }
  }
  printTable(
    'Full-size SDXL UNet, batch 1, float32: GiB (smallest card in GB that fits with the headroom: EMA off / device / host)',
    [
      'setting',
      'weights',
      'gradients',
      'optimizer',
      'activations',
      'peak, no EMA',
      'peak, EMA on device',
      'peak, EMA in host RAM',
      'fits',
    ],
    rows,
  );
}
