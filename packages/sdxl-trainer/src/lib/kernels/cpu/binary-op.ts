import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { kernelEngine } from './engine/kernel-engine.js';
import { CHUNK, TASK_BINARY } from './engine/run-elementwise.js';

type Operator = 'add' | 'sub' | 'mul';
const OPERATOR_CODES: Record<Operator, number> = { add: 0, sub: 1, mul: 2 };
/** From this many values, the kernel engine's threads (the call's set-up included) beat the loop here. */
const SMALLEST_FOR_THREADS = 1 << 15;

/**
 * The cpu backend's Add, Sub and Multiply for float32 tensors of the same size, or where one side repeats
 * along the leading axes (a scalar, a bias [C] against [..., C], a [1, 1, 1, C] scale): one tight loop per
 * operator instead of tfjs's per-element index arithmetic for broadcasts (a time embedding added to every
 * pixel took longer than the convolution next to it); large same-size and scalar cases on the kernel
 * engine's threads (float32 +, - and * round the same in both). Other broadcasts and dtypes go to the
 * stock kernel.
 */
export function createCpuBinaryOp(operator: Operator): (stock: tf.KernelFunc) => tf.KernelFunc {
  return (stock) => (args) => {
    const { a, b } = args.inputs as tf.BinaryInputs;
    if (a!.dtype !== 'float32' || b!.dtype !== 'float32') return stock(args);
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
    const size = tf.util.sizeFromShape(shape);
    const aRepeats = repeatsAlongLeadingAxes(a!.shape, shape);
    const bRepeats = repeatsAlongLeadingAxes(b!.shape, shape);
    if (!aRepeats || !bRepeats) return stock(args);
    const backend = args.backend as MathBackendCPU;
    const x = backend.data.get(a!.dataId).values as Float32Array;
    const y = backend.data.get(b!.dataId).values as Float32Array;
    if (size >= SMALLEST_FOR_THREADS && (x.length === 1 || y.length === 1 || x.length === y.length)) {
      return backend.makeTensorInfo(shape, 'float32', onThreads(operator, x, y, size));
    }
    const out = new Float32Array(size);
    if (x.length === size && y.length === size) sameSize(operator, x, y, out);
    else if (y.length === 1) withScalar(operator, x, y[0]!, out, false);
    else if (x.length === 1) withScalar(operator, y, x[0]!, out, true);
    else if (x.length === size) repeated(operator, x, y, out, false);
    else if (y.length === size) repeated(operator, y, x, out, true);
    else return stock(args);
    return backend.makeTensorInfo(shape, 'float32', out);
  };
}

/** x op y on the engine's threads, either side possibly a scalar (read as four copies of it, a step of 0). */
function onThreads(operator: Operator, x: Float32Array, y: Float32Array, size: number): Float32Array {
  const engine = kernelEngine();
  const call = engine.prepare({
    inputs: [x, y].map((values) => (values.length === 1 ? new Float32Array(4).fill(values[0]!) : values)),
    outputs: [size],
  });
  const [xAt, yAt] = call.inputs as [number, number];
  const steps = [x.length === 1 ? 0 : 16, y.length === 1 ? 0 : 16];
  engine.run(TASK_BINARY, Math.ceil(size / CHUNK), [
    size,
    OPERATOR_CODES[operator],
    xAt,
    steps[0]!,
    yAt,
    steps[1]!,
    call.outputs[0]!,
  ]);
  return call.results()[0]!;
}

/** Whether `inner`'s values, read in order and repeated, fill `outer`: its shape is 1s, then outer's last axes. */
function repeatsAlongLeadingAxes(inner: readonly number[], outer: readonly number[]): boolean {
  const offset = outer.length - inner.length;
  let i = inner.length - 1;
  while (i >= 0 && inner[i] === outer[offset + i]) i--;
  for (; i >= 0; i--) if (inner[i] !== 1) return false;
  return true;
}

function sameSize(operator: Operator, x: Float32Array, y: Float32Array, out: Float32Array): void {
  const n = out.length;
  if (operator === 'add') for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
  else if (operator === 'sub') for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
  else for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
}

/** x op s, or s op x when `swapped` (only subtraction cares). */
function withScalar(
  operator: Operator,
  x: Float32Array,
  s: number,
  out: Float32Array,
  swapped: boolean,
): void {
  const n = out.length;
  if (operator === 'add') for (let i = 0; i < n; i++) out[i] = x[i]! + s;
  else if (operator === 'mul') for (let i = 0; i < n; i++) out[i] = x[i]! * s;
  else if (swapped) for (let i = 0; i < n; i++) out[i] = s - x[i]!;
  else for (let i = 0; i < n; i++) out[i] = x[i]! - s;
}

/** full op repeated (repeated op full when `swapped`), `repeated` tiling `full` along its leading axes. */
function repeated(
  operator: Operator,
  full: Float32Array,
  part: Float32Array,
  out: Float32Array,
  swapped: boolean,
): void {
  const run = part.length;
  const n = out.length;
  if (operator === 'add') {
    for (let start = 0; start < n; start += run)
      for (let j = 0; j < run; j++) out[start + j] = full[start + j]! + part[j]!;
  } else if (operator === 'mul') {
    for (let start = 0; start < n; start += run)
      for (let j = 0; j < run; j++) out[start + j] = full[start + j]! * part[j]!;
  } else if (swapped) {
    for (let start = 0; start < n; start += run)
      for (let j = 0; j < run; j++) out[start + j] = part[j]! - full[start + j]!;
  } else {
    for (let start = 0; start < n; start += run)
      for (let j = 0; j < run; j++) out[start + j] = full[start + j]! - part[j]!;
  }
}
