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

/** One call of the WebAssembly matrix product: out[batch] (+)= op(a[batch]) x op(b[batch]). */
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
  /** `out` is [batch, m, n]; what it holds is added to unless `overwrite`. */
  out: Float32Array;
  overwrite: boolean;
  /** A convolution's geometry (assembly/geometry.ts order) for the patch modes. */
  geometry?: readonly number[];
}

/** The most bytes one group of a batch may take in the engine's memory (operands, packed B, result, scratch). */
const GROUP_BYTES = 1 << 30;

/**
 * Runs one matrix product on the kernel engine's threads: copies the operands into its memory, packs B,
 * multiplies, copies the result back, a group of batch elements at a time so the WebAssembly memory holds
 * at most about 1 GiB whatever the tensors' size. Every output value is summed over k in order in float32,
 * so the result is the same on any number of threads and in any grouping. Returns false, having done
 * nothing, when one batch element alone is over that size (the caller then computes it another way).
 */
export function runGemm(g: Gemm): boolean {
  const panels = Math.ceil(g.n / NR);
  const aSize = g.aBatched ? g.a.length / g.batch : g.a.length;
  const bSize = g.bBatched ? g.b.length / g.batch : g.b.length;
  const cSize = g.m * g.n;
  const packedSize = panels * g.k * NR;
  const sharedBytes = ((g.aBatched ? 0 : aSize) + (g.bBatched ? 0 : bSize + packedSize)) * 4;
  const perElementBytes = ((g.aBatched ? aSize : 0) + (g.bBatched ? bSize + packedSize : 0) + cSize) * 4;
  const scratchBytes = (128 + g.k * 16) * kernelEngine().threads;
  const room = GROUP_BYTES - sharedBytes - scratchBytes;
  if (perElementBytes > room) return false;
  const groupSize = Math.max(1, Math.min(g.batch, Math.floor(room / Math.max(perElementBytes, 1))));
  for (let first = 0; first < g.batch; first += groupSize) {
    const count = Math.min(groupSize, g.batch - first);
    runGroup(g, first, count, { aSize, bSize, cSize, packedSize, panels });
  }
  return true;
}

function runGroup(
  g: Gemm,
  first: number,
  count: number,
  sizes: { aSize: number; bSize: number; cSize: number; packedSize: number; panels: number },
): void {
  const engine = kernelEngine();
  const { aSize, bSize, cSize, packedSize, panels } = sizes;
  const aValues = g.aBatched ? g.a.subarray(first * aSize, (first + count) * aSize) : g.a;
  const bValues = g.bBatched ? g.b.subarray(first * bSize, (first + count) * bSize) : g.b;
  const outValues = g.out.subarray(first * cSize, (first + count) * cSize);
  const bMatrices = g.bBatched ? count : 1;
  const scratchPerThread = 128 + g.k * 16;
  const [a, b, packed, c, scratch] = engine.reserve([
    aValues.length * 4,
    bValues.length * 4,
    bMatrices * packedSize * 4,
    outValues.length * 4,
    scratchPerThread * engine.threads,
  ]) as [number, number, number, number, number];
  engine.floats(a, aValues.length).set(aValues);
  engine.floats(b, bValues.length).set(bValues);
  const target = engine.floats(c, outValues.length);
  if (g.overwrite) target.fill(0);
  else target.set(outValues);
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
      0,
      scratch,
      scratchPerThread,
    ],
    geometry,
  );
  outValues.set(engine.floats(c, outValues.length));
}
