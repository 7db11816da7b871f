import type * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { AdafactorUpdateAttrs } from '../../ops/kernel-names.js';
import { float32Values } from './float32-values.js';

const SLOTS = ['firstMoment', 'row', 'column', 'square'] as const;

/**
 * One variable's Adafactor step in a few passes over its values, sums in float64 (some thirty tfjs ops per
 * variable made Adafactor ten times slower than AdamW here). The parameter and gradient are read in PyTorch
 * order (a conv weight kept as [kh, kw, in, out] as [out, in, kh, kw]) so factoring is over the last two
 * PyTorch dimensions, as in transformers. A `gradientScale` input (clipping's factor) multiplies the
 * gradient in float32 first.
 */
export function cpuAdafactorUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as AdafactorUpdateAttrs;
  const backend = args.backend as MathBackendCPU;
  const memoryShape = inputs.parameter!.shape;
  const reorder = torchOrder(memoryShape, attrs.layout);
  const p = reorder.toTorch(float32Values(backend, inputs.parameter!));
  const g = scaled(
    reorder.toTorch(float32Values(backend, inputs.gradient!)),
    inputs.gradientScale ? float32Values(backend, inputs.gradientScale)[0]! : 1,
  );
  const n = p.length;
  const scale = attrs.scaleParameter ? Math.max(attrs.epsilon2, Math.sqrt(sumOfSquares(p) / n)) : 1;
  const stepSize = Math.fround(scale * attrs.stepSize);
  const state = Object.fromEntries(
    SLOTS.filter((name) => inputs[name]).map((name) => [name, float32Values(backend, inputs[name]!)]),
  ) as Partial<Record<(typeof SLOTS)[number], Float32Array>>;
  const update = new Float32Array(n);
  const nextState: Float32Array[] = [];
  if (state.row && state.column) {
    nextState.push(...factoredUpdate(g, state.row, state.column, reorder.torchShape, attrs, update));
  } else {
    nextState.push(squareUpdate(g, state.square!, attrs, update));
  }
  const clip = Math.max(Math.sqrt(sumOfSquares(update) / n) / attrs.clipThreshold, 1);
  for (let i = 0; i < n; i++) update[i] = Math.fround(Math.fround(update[i]! / clip) * stepSize);
  let applied = update;
  if (state.firstMoment) {
    const moment = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      moment[i] = Math.fround(state.firstMoment[i]! * attrs.beta1 + update[i]! * (1 - attrs.beta1));
    }
    nextState.unshift(moment);
    applied = moment;
  }
  const decay = -attrs.weightDecay * stepSize;
  const next = new Float32Array(n);
  for (let i = 0; i < n; i++) next[i] = Math.fround(Math.fround(p[i]! + p[i]! * decay) - applied[i]!);
  const stateShapes = SLOTS.filter((name) => inputs[name]).map((name) => inputs[name]!.shape);
  return [
    backend.makeTensorInfo(memoryShape, 'float32', reorder.toMemory(next)),
    ...nextState.map((values, i) => backend.makeTensorInfo(stateShapes[i]!, 'float32', values)),
  ];
}

/** Row and column statistics of a rank >= 2 tensor ([outer, rows, columns] in PyTorch order) and the update. */
function factoredUpdate(
  g: Float32Array,
  row: Float32Array,
  column: Float32Array,
  torchShape: readonly number[],
  { beta2t, epsilon1 }: AdafactorUpdateAttrs,
  update: Float32Array,
): [Float32Array, Float32Array] {
  const columns = torchShape[torchShape.length - 1]!;
  const rows = torchShape[torchShape.length - 2]!;
  const outer = g.length / (rows * columns);
  const nextRow = new Float32Array(row.length);
  const nextColumn = new Float32Array(column.length);
  const columnSums = new Float64Array(columns);
  const rowFactor = new Float64Array(rows);
  const columnFactor = new Float64Array(columns);
  for (let o = 0; o < outer; o++) {
    columnSums.fill(0);
    for (let r = 0; r < rows; r++) {
      let rowSum = 0;
      for (let c = 0; c < columns; c++) {
        const value = g[(o * rows + r) * columns + c]!;
        const squared = Math.fround(Math.fround(value * value) + epsilon1);
        rowSum += squared;
        columnSums[c]! += squared;
      }
      const index = o * rows + r;
      nextRow[index] = Math.fround(row[index]! * beta2t + (rowSum / columns) * (1 - beta2t));
    }
    let rowMean = 0;
    for (let r = 0; r < rows; r++) rowMean += nextRow[o * rows + r]!;
    rowMean /= rows;
    for (let r = 0; r < rows; r++) rowFactor[r] = 1 / Math.sqrt(nextRow[o * rows + r]! / rowMean);
    for (let c = 0; c < columns; c++) {
      const index = o * columns + c;
      nextColumn[index] = Math.fround(column[index]! * beta2t + (columnSums[c]! / rows) * (1 - beta2t));
      columnFactor[c] = 1 / Math.sqrt(nextColumn[index]!);
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const i = (o * rows + r) * columns + c;
        update[i] = Math.fround(rowFactor[r]! * columnFactor[c]!) * g[i]!;
      }
    }
  }
  return [nextRow, nextColumn];
}

/** The unfactored second moment of a vector, and the update. */
function squareUpdate(
  g: Float32Array,
  square: Float32Array,
  { beta2t, epsilon1 }: AdafactorUpdateAttrs,
  update: Float32Array,
): Float32Array {
  const next = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const squared = Math.fround(Math.fround(g[i]! * g[i]!) + epsilon1);
    next[i] = Math.fround(square[i]! * beta2t + squared * (1 - beta2t));
    update[i] = g[i]! / Math.sqrt(next[i]!);
  }
  return next;
}

function sumOfSquares(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return sum;
}

/** Copies between the memory order of a variable and PyTorch's (the identity unless `conv-hwio`). */
function torchOrder(memoryShape: readonly number[], layout: AdafactorUpdateAttrs['layout']) {
  if (layout !== 'conv-hwio') {
    return { torchShape: memoryShape, toTorch: (v: Float32Array) => v, toMemory: (v: Float32Array) => v };
  }
  const [kh, kw, inC, outC] = memoryShape as [number, number, number, number];
  // memory [y][x][i][o] <-> torch [o][i][y][x]
  const copy = (from: Float32Array, toTorch: boolean) => {
    const to = new Float32Array(from.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < inC; i++)
          for (let o = 0; o < outC; o++) {
            const memory = ((y * kw + x) * inC + i) * outC + o;
            const torch = ((o * inC + i) * kh + y) * kw + x;
            if (toTorch) to[torch] = from[memory]!;
            else to[memory] = from[torch]!;
          }
    return to;
  };
  return {
    torchShape: [outC, inC, kh, kw],
    toTorch: (v: Float32Array) => copy(v, true),
    toMemory: (v: Float32Array) => copy(v, false),
  };
}

/** The gradient times clipping's factor, rounded to float32 (a copy: `values` may be the tensor's own). */
function scaled(values: Float32Array, scale: number): Float32Array {
  if (scale === 1) return values;
  const result = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = Math.fround(values[i]! * scale);
  return result;
}
