// Times the SDXL UNet on the backend `auto` picks: inference forward and one full training step (forward,
// MSE loss, backward, gradient clipping, AdamW) for the diffusers fixture config at 16x16 and a medium config
// at 32x32 with 77 tokens, then profiles one medium training step by kernel. Random weights (timing only).
// The side-by-side comparison with PyTorch, per backend, is backends.ts.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdamW,
  clipCoefficient,
  selectBackend,
  UNet2DConditionModel,
  type UNet2DConditionConfig,
} from '../index.js';
import { fixtureUnetConfig } from './support/fixture-unet-config.js';
import { mediumUnetConfig } from './support/medium-unet-config.js';
import { randomUnetInput } from '../lib/backend/random-unet-input.js';
import { timeRuns, type Timing } from './support/time-runs.js';

interface Case {
  label: string;
  config: UNet2DConditionConfig;
  latentSize: number;
  tokens: number;
  runs: number;
}

const CASES: Case[] = [
  {
    label: 'fixture (32/64/64, 16x16, 10 tokens)',
    config: fixtureUnetConfig,
    latentSize: 16,
    tokens: 10,
    runs: 3,
  },
  {
    label: 'medium (64/128/128, 32x32, 77 tokens)',
    config: mediumUnetConfig,
    latentSize: 32,
    tokens: 77,
    runs: 3,
  },
];

const backend = await selectBackend('auto', { log: false });
console.log(backend.summary);

const format = ({ wallMs, cpuMs }: Timing) => `${wallMs.toFixed(0)} ms (cpu ${cpuMs.toFixed(0)})`;

function setUp({ config, latentSize, tokens }: Case) {
  const unet = UNet2DConditionModel.fromConfig(config, { seed: 1 });
  const { noise, ...input } = randomUnetInput(config, latentSize, tokens);
  const variables = unet.trainableVariables();
  const optimiser = new AdamW(variables, { learningRate: 1e-4 });
  const trainingStep = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.meanSquaredError(noise, unet.forward(input)) as tf.Scalar,
        variables,
      );
      const ordered = variables.map((variable) => grads[variable.name]!);
      optimiser.applyGradients(ordered, { gradientScale: clipCoefficient(ordered, 1).coefficient });
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
  const forwardMs = await timeRuns(benchCase.runs, forward);
  const stepMs = await timeRuns(benchCase.runs, trainingStep);
  rows.push([
    benchCase.label,
    `${(unet.parameterCount() / 1e6).toFixed(2)} M`,
    format(forwardMs),
    format(stepMs),
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
console.log(`Load average while measuring: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`);
table(['UNet config', 'params', 'forward', 'train step (fwd+bwd+clip+AdamW)'], rows);

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
