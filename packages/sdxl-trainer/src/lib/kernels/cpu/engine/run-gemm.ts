import { kernelEngine } from './kernel-engine.js';

/** assembly/index.ts's task numbers and assembly/gemm.ts's operand layouts. */
export const TASK_PACK_B = 1;
export const TASK_GEMM = 2;
export const A_ROWS = 0;
export const A_COLUMNS = 1;
export const A_PATCHES = 2;
export const A_GATHER = 3;
export const A_PATCH_COLUMNS = 4;
export const B_ROWS = 0;
export const B_COLUMNS = 1;
export const B_FILTER_TRANSPOSED = 2;
const NR = 8;

/** assembly/gemm.ts: how C starts. */
const INIT_ZERO = 0;
const INIT_BIAS = 1;
const INIT_ADD = 2;

/** One call of the WebAssembly matrix product: op(a[batch]) x op(b[batch]), from zeros, a bias or `initial`. */
export interface Gemm {
  aMode: number;
  bMode: number;
  /** A's and B's values as the modes read them (a whole batch, or one matrix shared by it). */
  a: Float32Array;
  b: Float32Array;
  batch: number;
  /** Whether A and B have one matrix per batch element (else one shared). */
  aBatched: boolean;
  bBatched: boolean;
  m: number;
  k: number;
  n: number;
  /** A row [n] every output row starts from (a Linear's or a convolution's bias). */
  bias?: Float32Array;
  /** Values [batch, m, n] the product is added to. */
  initial?: Float32Array;
  /** A convolution's geometry (assembly/geometry.ts order) for the patch modes. */
  geometry?: readonly number[];
}

/** The most bytes one group of a batch may take in the engine's memory (operands, packed B, result, scratch). */
const GROUP_BYTES = 1 << 30;

/**
 * Runs one matrix product on the kernel engine's threads and returns the result [batch, m, n]: reads the
 * operands where they lie in its memory (else copies them in), packs B, multiplies into the result's block,
 * a group of batch elements at a time so one call's scratch is at most about 1 GiB whatever the tensors'
 * size. Every output value is summed over k in order in float32, so the result is the same on any number of
 * threads and in any grouping. Returns undefined, having done nothing, when one batch element alone is over that size (the
 * caller then computes it another way).
 */
export function runGemm(g: Gemm): Float32Array | undefined {
  const panels = Math.ceil(g.n / NR);
  const aSize = g.aBatched ? g.a.length / g.batch : g.a.length;
  const bSize = g.bBatched ? g.b.length / g.batch : g.b.length;
  const cSize = g.m * g.n;
  const packedSize = panels * g.k * NR;
  const sharedBytes = ((g.aBatched ? 0 : aSize) + (g.bBatched ? 0 : bSize + packedSize) + g.n) * 4;
  const perElementBytes = ((g.aBatched ? aSize : 0) + (g.bBatched ? bSize + packedSize : 0) + cSize) * 4;
  const scratchBytes = (128 + g.k * 16) * kernelEngine().threads;
  const room = GROUP_BYTES - sharedBytes - scratchBytes;
  if (perElementBytes > room) return undefined;
  const groupSize = Math.max(1, Math.min(g.batch, Math.floor(room / Math.max(perElementBytes, 1))));
  if (groupSize >= g.batch) return runGroup(g, 0, g.batch, { aSize, bSize, cSize, packedSize, panels });
  const out = new Float32Array(g.batch * cSize);
  for (let first = 0; first < g.batch; first += groupSize) {
    const count = Math.min(groupSize, g.batch - first);
    out.set(runGroup(g, first, count, { aSize, bSize, cSize, packedSize, panels }), first * cSize);
  }
  return out;
}

function runGroup(
  g: Gemm,
  first: number,
  count: number,
  sizes: { aSize: number; bSize: number; cSize: number; packedSize: number; panels: number },
): Float32Array {
  const engine = kernelEngine();
  const { aSize, bSize, cSize, packedSize, panels } = sizes;
  const aValues = g.aBatched ? g.a.subarray(first * aSize, (first + count) * aSize) : g.a;
  const bValues = g.bBatched ? g.b.subarray(first * bSize, (first + count) * bSize) : g.b;
  const bMatrices = g.bBatched ? count : 1;
  const scratchPerThread = 128 + g.k * 16;
  const call = engine.prepare({
    inputs: [aValues, bValues, ...(g.bias ? [g.bias] : [])],
    outputs: [count * cSize],
    scratch: [bMatrices * packedSize * 4, scratchPerThread * engine.threads],
  });
  const [a, b, bias = 0] = call.inputs as [number, number, number?];
  const [c] = call.outputs as [number];
  const [packed, scratch] = call.scratch as [number, number];
  let init = INIT_ZERO;
  if (g.initial) {
    engine.floats(c, count * cSize).set(g.initial.subarray(first * cSize, (first + count) * cSize));
    init = INIT_ADD;
  } else if (g.bias) {
    init = INIT_BIAS;
  }
  const geometry = { geometry: g.geometry };
  // Packing is O(k * n) against the product's O(m * k * n): on this thread, saving a wake-up of the others.
  const packing = [g.bMode, b, g.k, g.n, g.bBatched ? bSize : 0, packed];
  engine.run(TASK_PACK_B, bMatrices * panels, packing, { ...geometry, alone: true });
  engine.run(
    TASK_GEMM,
    count * Math.ceil(g.m / 4),
    [
      g.aMode,
      a,
      g.aBatched ? aSize : 0,
      packed,
      g.bBatched ? packedSize : 0,
      c,
      g.m,
      g.k,
      g.n,
      init,
      scratch,
      scratchPerThread,
      bias,
    ],
    geometry,
  );
  return call.results()[0]!;
}
