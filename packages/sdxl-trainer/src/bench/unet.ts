// Times the SDXL UNet on the selected backend: inference forward and one full training step (forward,
// backward, gradient clipping, AdamW) for the diffusers fixture config at 16x16 and a medium config at
// 32x32 with 77 tokens, against PyTorch's time for the same training step on this 2-core machine. Then
// profiles one medium training step by kernel to show where the time goes. Random weights (timing only).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdamW,
  clipGradNorm,
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

interface Case {
  label: string;
  config: UNet2DConditionConfig;
  latentSize: number;
  tokens: number;
  /** PyTorch 1.13 CPU, same step on this machine (ms). */
  pytorchStepMs: number;
  runs: number;
}

const CASES: Case[] = [
  {
    label: 'fixture (32/64/64, 16x16, 10 tokens)',
    config: fixtureConfig,
    latentSize: 16,
    tokens: 10,
    pytorchStepMs: 70,
    runs: 3,
  },
  {
    label: 'medium (64/128/128, 32x32, 77 tokens)',
    config: {
      ...fixtureConfig,
      block_out_channels: [64, 128, 128],
      layers_per_block: 2,
      transformer_layers_per_block: [1, 2, 2],
      attention_head_dim: [2, 4, 4],
      cross_attention_dim: 64,
    },
    latentSize: 32,
    tokens: 77,
    pytorchStepMs: 360,
    runs: 3,
  },
];

const backend = await selectBackend('auto', { log: false });
console.log(backend.summary);

interface Timing {
  wallMs: number;
  /** This process's CPU time: with other work competing for the cores, closer to the uncontended time. */
  cpuMs: number;
}

/** Median wall-clock and CPU milliseconds of `runs` calls after one warm-up. */
function time(runs: number, work: () => void): Timing {
  work();
  const timings: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work();
    const cpu = process.cpuUsage(cpuStart);
    timings.push({ wallMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  return timings.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs / 2)]!;
}

const format = ({ wallMs, cpuMs }: Timing) => `${wallMs.toFixed(0)} ms (cpu ${cpuMs.toFixed(0)})`;

function setUp({ config, latentSize, tokens }: Case) {
  const unet = UNet2DConditionModel.fromConfig(config, { seed: 1 });
  const crossDim = config.cross_attention_dim as number;
  const textDim =
    (config.projection_class_embeddings_input_dim as number) - 6 * (config.addition_time_embed_dim as number);
  const input = {
    sample: tf.randomNormal([1, 4, latentSize, latentSize], 0, 1, 'float32', 1) as tf.Tensor4D,
    timestep: [500],
    encoderHiddenStates: tf.randomNormal([1, tokens, crossDim], 0, 1, 'float32', 2) as tf.Tensor3D,
    textEmbeds: tf.randomNormal([1, textDim], 0, 1, 'float32', 3) as tf.Tensor2D,
    timeIds: tf.tensor2d([[1024, 1024, 0, 0, 1024, 1024]]),
  };
  const noise = tf.randomNormal([1, 4, latentSize, latentSize], 0, 1, 'float32', 4);
  const variables = unet.trainableVariables();
  const optimiser = new AdamW(variables, { learningRate: 1e-4 });
  const trainingStep = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.meanSquaredError(noise, unet.forward(input)) as tf.Scalar,
        variables,
      );
      const clipped = clipGradNorm(
        variables.map((variable) => grads[variable.name]!),
        1,
      );
      optimiser.applyGradients(clipped.grads);
      value.dataSync();
    });
  const forward = () => tf.tidy(() => void unet.forward(input).dataSync());
  const dispose = () => {
    optimiser.dispose();
    unet.dispose();
    tf.dispose([...Object.values(input).filter((value) => value instanceof tf.Tensor), noise]);
  };
  return { unet, forward, trainingStep, dispose };
}

const rows: string[][] = [];
let profiled: { name: string; ms: number; calls: number }[] = [];
for (const benchCase of CASES) {
  const { unet, forward, trainingStep, dispose } = setUp(benchCase);
  const forwardMs = time(benchCase.runs, forward);
  const stepMs = time(benchCase.runs, trainingStep);
  rows.push([
    benchCase.label,
    `${(unet.parameterCount() / 1e6).toFixed(2)} M`,
    format(forwardMs),
    format(stepMs),
    `${benchCase.pytorchStepMs} ms`,
    `${(stepMs.wallMs / benchCase.pytorchStepMs).toFixed(0)}x (cpu: ${(stepMs.cpuMs / benchCase.pytorchStepMs).toFixed(0)}x)`,
  ]);
  if (benchCase === CASES[CASES.length - 1]) {
    const info = await tf.profile(() => trainingStep());
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const kernel of info.kernels) {
      const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      entry.calls += 1;
      byKernel.set(kernel.name, entry);
    }
    profiled = [...byKernel].map(([name, entry]) => ({ name, ...entry })).sort((a, b) => b.ms - a.ms);
  }
  dispose();
}

const table = (header: string[], body: string[][]) => {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((row) => row[column]!.length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n'));
};
console.log(
  `Load average while measuring: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores (tfjs cpu runs on one).`,
);
table(
  [
    'UNet config',
    'params',
    'forward',
    'train step (fwd+bwd+clip+AdamW)',
    'PyTorch step',
    'step time / PyTorch',
  ],
  rows,
);

const kernelTotal = profiled.reduce((sum, kernel) => sum + kernel.ms, 0);
console.log(`\nWhere one medium training step's kernel time goes (${kernelTotal.toFixed(0)} ms in kernels):`);
table(
  ['kernel', 'ms', 'share', 'calls'],
  profiled
    .slice(0, 10)
    .map((kernel) => [
      kernel.name,
      kernel.ms.toFixed(0),
      `${((kernel.ms / kernelTotal) * 100).toFixed(0)}%`,
      String(kernel.calls),
    ]),
);
