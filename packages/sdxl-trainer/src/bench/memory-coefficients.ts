// The activation-memory coefficients of the memory plan (src/lib/memory/activation-coefficients.ts),
// measured on this code: every kind of part of a UNet step (ResnetBlock2D, BasicTransformerBlock, the
// Transformer2DModel around them, samplers, the skip concatenation, conv_in with the noising, conv_out with
// the loss, the embeddings) runs forward and backward on its own, at several sizes, on the cpu backend,
// through the engine's gradient tape as a training step runs it. For each run it records, from the
// engine's own buffer bookkeeping (trackBufferBytes: each buffer counted once):
// - kept: bytes its forward pass left alive for the backward pass (saved tensors and its output);
// - left: bytes its backward pass left alive (tfjs frees intermediate gradients only when the whole
//   backward pass ends), less its parameter gradients;
// - peak: the most its backward pass held above what was alive when it began, less its parameter gradients.
// Each quantity is then fitted by least squares as a linear function of the part's size terms
// (segmentTerms: feature-map values, attention-score values, ...). Memory is a sum of such products, so the
// fit is exact (the printed residuals are the check); the coefficients are counts of float32 values per
// term. Prints the constants to paste into activation-coefficients.ts and the largest relative residual of
// each fit, then compares them with the constants in the code.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../lib/backend/select-backend.js';
import { DDPMScheduler } from '../lib/scheduler/ddpm-scheduler.js';
import { UNet2DConditionModel } from '../lib/unet/unet-2d-condition-model.js';
import { ACTIVATION_COEFFICIENTS } from '../lib/memory/activation-coefficients.js';
import { segmentTerms } from '../lib/memory/segment-terms.js';
import { trackBufferBytes } from '../lib/memory/track-buffer-bytes.js';
import type { SegmentCoefficients, SegmentKind, SegmentMode, SegmentSizes } from '../lib/memory/types.js';
import { Conv2d } from '../lib/nn/conv2d.js';
import { Downsample2D } from '../lib/nn/downsample-2d.js';
import { GroupNorm } from '../lib/nn/group-norm.js';
import { ResnetBlock2D } from '../lib/nn/resnet-block-2d.js';
import { Upsample2D } from '../lib/nn/upsample-2d.js';
import { silu } from '../lib/ops/silu.js';
import { BasicTransformerBlock } from '../lib/unet/basic-transformer-block.js';
import { Transformer2DModel } from '../lib/unet/transformer-2d-model.js';
import { fixtureUnetConfig } from './support/fixture-unet-config.js';
import { printTable } from './support/print-table.js';

const GROUPS = 8;

/** One part, ready to run: its forward pass from its (prefixed) input, and what it differentiates. */
interface SegmentRun {
  /** The input on the gradient path (a feature map), if any; passed through a prefix op (see below). */
  input?: tf.Variable;
  /** Other inputs on the gradient path (the time embedding, a skip connection). */
  otherInputs: tf.Variable[];
  variables: tf.Variable[];
  /** The largest tensor the forward pass returns when run outside the tape, for the output gradient. */
  forward: (input: tf.Tensor | undefined) => tf.Tensor;
  /** Called before measuring in the mode (checkpointing, a gradient sink). */
  setMode?: (mode: SegmentMode) => void;
}

let allocations: number[] = [];
const tracker = trackBufferBytes((live) => allocations.push(live));

/**
 * Runs `run` forward and backward once under the tape and returns its kept / left / peak bytes. The input
 * goes through `x * 1` first, so the last allocation of the backward pass is that op's input gradient
 * (one input-sized buffer) made after the part's own backward pass has freed what it frees: the live
 * bytes just before it are what the part left.
 */
function measure(run: SegmentRun, mode: SegmentMode): { kept: number; left: number; peak: number } {
  run.setMode?.(mode);
  const sample = tf.tidy(() => run.forward(run.input));
  const dy = tf.randomNormal(sample.shape, 0, 1, 'float32', 5);
  sample.dispose();
  const parameterBytes = run.variables.reduce((sum, variable) => sum + variable.size * 4, 0);
  const sources = [
    ...(run.input ? [run.input] : []),
    ...run.otherInputs,
    ...(mode === 'fused' ? [] : run.variables),
  ];
  let start = 0;
  let end = 0;
  const { value, grads } = tf.engine().gradients(
    () => {
      const prefixed = run.input ? tf.mul(run.input, 1) : undefined;
      start = tracker.live;
      const output = tf.tidy(() => run.forward(prefixed));
      end = tracker.live;
      allocations = [];
      return output;
    },
    sources,
    dy,
    true,
  );
  const during = run.input ? allocations.slice(0, -1) : allocations;
  // Live bytes once the part's backward pass is done: before the prefix op's input gradient, or after
  // the last allocation when there is no prefix.
  const last = run.input
    ? allocations[allocations.length - 1]! - run.input.size * 4
    : (allocations.at(-1) ?? end);
  tf.dispose([value, ...grads, dy]);
  const ownGradients = mode === 'fused' ? 0 : parameterBytes;
  return {
    kept: start === end ? 0 : end - start,
    left: last - end - ownGradients,
    peak: Math.max(end, ...during) - end - parameterBytes,
  };
}

function variable(shape: number[], seed: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', seed)));
}

function checkpointable(block: ResnetBlock2D | BasicTransformerBlock) {
  return (mode: SegmentMode) => {
    block.gradientCheckpointing = mode !== 'plain';
    block.gradientSink = mode === 'fused' ? () => undefined : undefined;
  };
}

/** Builds each kind of part at the given sizes, with random weights. */
function build(sizes: SegmentSizes): SegmentRun {
  const side = (pixels: number) => Math.round(Math.sqrt(pixels));
  switch (sizes.kind) {
    case 'resnet': {
      const { batch, pixels, inChannels, outChannels, timeEmbedDim } = sizes;
      const block = new ResnetBlock2D({
        inChannels,
        outChannels,
        tembChannels: timeEmbedDim,
        groups: GROUPS,
        eps: 1e-5,
      }).initialise(1);
      const temb = variable([batch, timeEmbedDim], 2);
      return {
        input: variable([batch, side(pixels), side(pixels), inChannels], 1),
        otherInputs: [temb],
        variables: block.trainableVariables(),
        forward: (x) => block.forward(x as tf.Tensor4D, temb as tf.Tensor2D),
        setMode: checkpointable(block),
      };
    }
    case 'transformerBlock': {
      const { batch, tokens, channels, heads, contextTokens, contextChannels } = sizes;
      const block = new BasicTransformerBlock(channels, heads, channels / heads, contextChannels).initialise(
        1,
      );
      // Prompt embeddings are not on the gradient path (no parameter made them).
      const context = tf.randomNormal([batch, contextTokens, contextChannels], 0, 1, 'float32', 3);
      return {
        input: variable([batch, tokens, channels], 1),
        otherInputs: [],
        variables: block.trainableVariables(),
        forward: (x) => block.forward(x as tf.Tensor3D, context as tf.Tensor3D),
        setMode: checkpointable(block),
      };
    }
    case 'transformer': {
      const { batch, pixels, channels } = sizes;
      const model = new Transformer2DModel({
        channels,
        heads: 1,
        layers: 0,
        crossAttentionDim: 8,
        normGroups: GROUPS,
        useLinearProjection: true,
      }).initialise(1);
      const context = tf.zeros([batch, 1, 8]) as tf.Tensor3D;
      return {
        input: variable([batch, side(pixels), side(pixels), channels], 1),
        otherInputs: [],
        variables: model.trainableVariables(),
        forward: (x) => model.forward(x as tf.Tensor4D, context),
      };
    }
    case 'downsample':
    case 'upsample': {
      const { batch, pixels, channels } = sizes;
      const sampler = (
        sizes.kind === 'downsample' ? new Downsample2D(channels, 1) : new Upsample2D(channels)
      ).initialise(1);
      return {
        input: variable([batch, side(pixels), side(pixels), channels], 1),
        otherInputs: [],
        variables: sampler.trainableVariables(),
        forward: (x) => sampler.forward(x as tf.Tensor4D),
      };
    }
    case 'concat': {
      const { batch, pixels, channels } = sizes;
      const half = channels / 2;
      const skip = variable([batch, side(pixels), side(pixels), half], 2);
      return {
        input: variable([batch, side(pixels), side(pixels), channels - half], 1),
        otherInputs: [skip],
        variables: [],
        forward: (x) => tf.concat([x!, skip], -1),
      };
    }
    case 'input': {
      const { batch, pixels, latentChannels, channels } = sizes;
      const scheduler = new DDPMScheduler();
      const convIn = new Conv2d(latentChannels, channels, 3, { padding: 1 }).initialise(1);
      const latents = tf.randomNormal(
        [batch, latentChannels, side(pixels), side(pixels)],
        0,
        1,
        'float32',
        1,
      );
      const noise = tf.randomNormal(latents.shape, 0, 1, 'float32', 2);
      const timesteps = Array.from({ length: batch }, (_, i) => 100 + i);
      return {
        otherInputs: [],
        variables: convIn.trainableVariables(),
        forward: () => {
          const noisy = scheduler.addNoise(latents, noise, timesteps);
          return convIn.forward(tf.transpose(noisy, [0, 2, 3, 1]) as tf.Tensor4D);
        },
      };
    }
    case 'output': {
      const { batch, pixels, channels, outChannels } = sizes;
      const norm = new GroupNorm(GROUPS, channels, 1e-5).initialise(1);
      const convOut = new Conv2d(channels, outChannels, 3, { padding: 1 }).initialise(2);
      const target = tf.randomNormal([batch, outChannels, side(pixels), side(pixels)], 0, 1, 'float32', 3);
      const weights = tf.ones([batch]);
      return {
        input: variable([batch, side(pixels), side(pixels), channels], 1),
        otherInputs: [],
        variables: [...norm.trainableVariables(), ...convOut.trainableVariables()],
        // As UNet2DConditionModel.forward ends and trainingLoss's min-SNR branch follows it.
        forward: (x) => {
          const hidden = convOut.forward(silu(norm.forward(x as tf.Tensor4D)));
          const prediction = tf.transpose(hidden, [0, 3, 1, 2]);
          const perSample = tf.mean(tf.squaredDifference(prediction, target), [1, 2, 3]);
          return tf.mean(tf.mul(perSample, weights));
        },
      };
    }
    case 'embeddings': {
      const { batch, timeEmbedDim, projectionInputDim } = sizes;
      const addDim = 8;
      const pooled = projectionInputDim - 6 * addDim;
      const width = timeEmbedDim / 4;
      const unet = UNet2DConditionModel.fromConfig({
        ...fixtureUnetConfig,
        block_out_channels: [width, width, width],
        norm_num_groups: GROUPS,
        addition_time_embed_dim: addDim,
        projection_class_embeddings_input_dim: projectionInputDim,
      });
      const variables = [...unet.parameterMap()]
        .filter(([key]) => key.startsWith('time_embedding.') || key.startsWith('add_embedding.'))
        .map(([, parameter]) => parameter.variable);
      const textEmbeds = tf.randomNormal([batch, pooled]) as tf.Tensor2D;
      const timeIds = tf.ones([batch, 6]) as tf.Tensor2D;
      return {
        otherInputs: [],
        variables,
        forward: () =>
          unet.conditioningEmbeddings({ timestep: Array(batch).fill(500), textEmbeds, timeIds }).total,
      };
    }
  }
}

/** The sizes each kind is measured at: more runs than terms, varying every size on its own. */
const RUNS: Record<SegmentKind, SegmentSizes[]> = {
  resnet: (
    [
      [32, 32, 64, 1, 64],
      [64, 32, 64, 1, 64],
      [32, 64, 64, 1, 64],
      [32, 32, 256, 1, 64],
      [32, 32, 64, 2, 128],
      [32, 64, 256, 2, 32],
      [64, 64, 64, 1, 256],
      [96, 32, 64, 1, 64],
    ] as const
  ).map(([inChannels, outChannels, pixels, batch, timeEmbedDim]) => ({
    kind: 'resnet',
    inChannels,
    outChannels,
    pixels,
    batch,
    timeEmbedDim,
  })),
  transformerBlock: (
    [
      [32, 2, 64, 8, 16, 1],
      [64, 2, 64, 8, 16, 1],
      [32, 4, 64, 8, 16, 1],
      [32, 2, 256, 8, 16, 1],
      [32, 2, 64, 16, 16, 1],
      [32, 2, 64, 8, 48, 1],
      [32, 2, 64, 8, 16, 2],
      [64, 4, 256, 12, 32, 1],
      // Attention scores dominating, as in SDXL (heads x tokens / channels = 64)
      [16, 4, 256, 8, 16, 1],
      [32, 2, 1024, 8, 16, 1],
    ] as const
  ).map(([channels, heads, tokens, contextTokens, contextChannels, batch]) => ({
    kind: 'transformerBlock',
    channels,
    heads,
    tokens,
    contextTokens,
    contextChannels,
    batch,
  })),
  transformer: mapSizes('transformer'),
  downsample: mapSizes('downsample'),
  upsample: mapSizes('upsample'),
  concat: mapSizes('concat'),
  input: (
    [
      [4, 32, 64, 1],
      [4, 64, 64, 1],
      [8, 32, 64, 1],
      [4, 32, 256, 2],
    ] as const
  ).map(([latentChannels, channels, pixels, batch]) => ({
    kind: 'input',
    latentChannels,
    channels,
    pixels,
    batch,
  })),
  output: (
    [
      [32, 4, 64, 1],
      [64, 4, 64, 1],
      [32, 8, 64, 1],
      [32, 4, 256, 2],
    ] as const
  ).map(([channels, outChannels, pixels, batch]) => ({
    kind: 'output',
    channels,
    outChannels,
    pixels,
    batch,
  })),
  embeddings: (
    [
      [128, 80, 1],
      [256, 80, 1],
      [128, 128, 1],
      [128, 80, 2],
    ] as const
  ).map(([timeEmbedDim, projectionInputDim, batch]) => ({
    kind: 'embeddings',
    timeEmbedDim,
    projectionInputDim,
    batch,
  })),
};

function mapSizes(kind: 'transformer' | 'downsample' | 'upsample' | 'concat'): SegmentSizes[] {
  return (
    [
      [32, 64, 1],
      [64, 64, 1],
      [32, 256, 2],
    ] as const
  ).map(([channels, pixels, batch]) => ({ kind, channels, pixels, batch }));
}

/** Least squares (normal equations, Gaussian elimination with pivoting): x minimising |A x - b|. */
function leastSquares(rows: number[][], values: number[]): number[] {
  const n = rows[0]!.length;
  const a = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) =>
      rows.reduce((sum, row, k) => sum + row[i]! * (j === n ? values[k]! : row[j]!), 0),
    ),
  );
  for (let col = 0; col < n; col++) {
    const pivot = a
      .slice(col)
      .reduce((best, row, i) => (Math.abs(row[col]!) > Math.abs(a[best]![col]!) ? col + i : best), col);
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col || a[col]![col] === 0) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let j = col; j <= n; j++) a[row]![j]! -= factor * a[col]![j]!;
    }
  }
  return a.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}

interface Fit {
  coefficients: number[];
  residual: number;
}

/** Fitted coefficients (values per term unit, to 4 decimals) and the worst relative residual. */
function fit(terms: number[][], bytes: number[]): Fit {
  const coefficients = leastSquares(
    terms,
    bytes.map((b) => b / 4),
  ).map((c) => Math.round(c * 1e4) / 1e4);
  const residual = Math.max(
    ...terms.map((row, i) => {
      const predicted = 4 * row.reduce((sum, term, j) => sum + term * coefficients[j]!, 0);
      return Math.abs(predicted - bytes[i]!) / Math.max(bytes[i]!, 1);
    }),
  );
  return { coefficients, residual };
}

await selectBackend('cpu', { log: false });
const measured: Partial<Record<SegmentKind, Partial<Record<SegmentMode, SegmentCoefficients>>>> = {};
const rows: string[][] = [];
for (const kind of Object.keys(RUNS) as SegmentKind[]) {
  const modes: SegmentMode[] =
    kind === 'resnet' || kind === 'transformerBlock' ? ['plain', 'checkpointed', 'fused'] : ['plain'];
  for (const mode of modes) {
    const results = RUNS[kind].map((sizes) => measure(build(sizes), mode));
    const terms = RUNS[kind].map(segmentTerms);
    const [kept, left, peak] = (['kept', 'left', 'peak'] as const).map((quantity) =>
      fit(
        terms,
        results.map((result) => result[quantity]),
      ),
    ) as [Fit, Fit, Fit];
    (measured[kind] ??= {})[mode] = {
      kept: kept.coefficients,
      left: left.coefficients,
      peak: peak.coefficients,
    };
    rows.push([
      `${kind} ${mode}`,
      kept.coefficients.join(' '),
      left.coefficients.join(' '),
      peak.coefficients.join(' '),
      [kept, left, peak].map((f) => `${(100 * f.residual).toFixed(2)}%`).join(' '),
    ]);
  }
}
printTable(
  'Activation memory per part (float32 values per term; terms in segmentTerms order)',
  ['part, mode', 'kept', 'left', 'peak', 'worst residual (kept, left, peak)'],
  rows,
);
const literal = JSON.stringify(measured, null, 2).replace(
  /\[\s+([^\]]*?)\s+\]/g,
  (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`,
);
console.log(`\nexport const ACTIVATION_COEFFICIENTS: ActivationCoefficients = ${literal};`);
const differing = (Object.keys(measured) as SegmentKind[]).filter(
  (kind) => JSON.stringify(measured[kind]) !== JSON.stringify(ACTIVATION_COEFFICIENTS[kind]),
);
console.log(
  differing.length === 0
    ? '\nThe constants in src/lib/memory/activation-coefficients.ts match these measurements.'
    : `\nDiffer from src/lib/memory/activation-coefficients.ts: ${differing.join(', ')}`,
);
tracker.stop();
