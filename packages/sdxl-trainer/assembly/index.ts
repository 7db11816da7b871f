// pixel's cpu kernels in WebAssembly (see docs/cpu-kernels.md). Every thread instantiates this module on one
// shared memory; the caller writes a task's arguments and every thread calls `run`, claiming runs of the
// task's units from a shared counter until none is left, so a thread that starts late (woken late, or
// descheduled on a busy machine) takes less instead of holding the others up, and the caller waits only for
// units that were claimed. A unit's result never depends on which thread computes it. Nothing here
// allocates: the caller lays out memory.

import { adamW } from './adamw';
export { multiplyAddLane } from './adamw';
import {
  binary,
  gegluGradRows,
  gegluRows,
  silu,
  siluGrad,
  softmaxGradRows,
  softmaxRows,
  sumColumns,
  sumOfSquares,
  unary,
} from './elementwise';
import { gemmRows, packB } from './gemm';
import { groupNorm, groupNormGrad } from './group-norm';
import { setGeometry } from './geometry';

const TASK_PACK_B: i32 = 1;
const TASK_GEMM: i32 = 2;
const TASK_ADAMW: i32 = 3;
const TASK_SOFTMAX: i32 = 4;
const TASK_SOFTMAX_GRAD: i32 = 5;
const TASK_SILU: i32 = 6;
const TASK_SILU_GRAD: i32 = 7;
const TASK_SUM_OF_SQUARES: i32 = 8;
const TASK_GROUP_NORM: i32 = 9;
const TASK_GROUP_NORM_GRAD: i32 = 10;
const TASK_BINARY: i32 = 11;
const TASK_UNARY: i32 = 12;
const TASK_GEGLU: i32 = 13;
const TASK_GEGLU_GRAD: i32 = 14;
const TASK_SUM_COLUMNS: i32 = 15;
/** Units of element-wise tasks: this many values (a multiple of 4, so SIMD never straddles two threads). */
const CHUNK: i32 = 4096;

/** Where the caller may start laying out its data (after this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

function slot(args: usize, index: i32): i32 {
  return load<i32>(args + <usize>index * 4);
}

/**
 * Control words below the arguments (kernels/cpu/engine/kernel-engine.ts): the claim word (the task's
 * generation in the high 32 bits, the next unclaimed unit in the low 32) and the count of finished units.
 */
const CLAIM: usize = 768;
const FINISHED: usize = 776;
/** Slot of the number of threads sharing the task. */
const THREADS: i32 = 31;

/**
 * Runs units of the task of generation `generation`, described at `args` (32-bit slots; see
 * kernels/cpu/engine), until none is left. A claim only succeeds while the claim word still names this
 * generation, so a thread that wakes late never takes units of a task it has not read (the caller only
 * rewrites a task's arguments once every unit of it is finished). The thread that finishes the last unit
 * wakes the caller.
 */
export function run(args: usize, generation: i32, thread: i32): void {
  // A thread left from before a change of the thread count (its index past the count) takes no part.
  const threads = slot(args, THREADS);
  if (thread >= threads) return;
  const units = slot(args, 1);
  const grain = max(1, units / (threads * 32));
  for (;;) {
    const word = atomic.load<i64>(CLAIM);
    if (<i32>(word >>> 32) != generation) return;
    const first = <i32>word;
    if (first >= units) return;
    const last = min(units, first + grain);
    const claimed = (word & 0xffffffff00000000) | (<i64>(<u32>last));
    if (atomic.cmpxchg<i64>(CLAIM, word, claimed) != word) continue;
    runUnits(args, thread, first, last);
    if (atomic.add<i32>(FINISHED, last - first) + (last - first) == units) atomic.notify(FINISHED, 1);
  }
}

function runUnits(args: usize, thread: i32, first: i32, last: i32): void {
  const task = slot(args, 0);
  if (task == TASK_ADAMW) {
    // Values [first * CHUNK, last * CHUNK) of slot 2's length; buffers padded to a multiple of 4 values.
    const length = slot(args, 2);
    const end = min(last * CHUNK, length);
    const p = slot(args, 3);
    const g = slot(args, 4);
    const m = slot(args, 5);
    const v = slot(args, 6);
    adamW(p, g, m, v, slot(args, 7), slot(args, 8), slot(args, 9), first * CHUNK, end, args + 128 * 4);
    return;
  }
  if (task == TASK_SOFTMAX) {
    // Rows [first, last) of slot 2's width.
    softmaxRows(slot(args, 3), slot(args, 4), slot(args, 2), first, last);
    return;
  }
  if (task == TASK_GEGLU) {
    // Rows [first, last) of 2 * slot 2's width in, slot 2's width out.
    gegluRows(slot(args, 3), slot(args, 4), slot(args, 2), first, last);
    return;
  }
  if (task == TASK_GEGLU_GRAD) {
    gegluGradRows(slot(args, 3), slot(args, 4), slot(args, 5), slot(args, 2), first, last);
    return;
  }
  if (task == TASK_SOFTMAX_GRAD) {
    softmaxGradRows(slot(args, 3), slot(args, 4), slot(args, 5), slot(args, 2), first, last);
    return;
  }
  if (task == TASK_GROUP_NORM) {
    // Slot 2: the layout (5 words); the epsilon is the first float64 setting.
    const epsilon = load<f64>(args + 128 * 4);
    groupNorm(
      slot(args, 2),
      slot(args, 3),
      slot(args, 4),
      slot(args, 5),
      slot(args, 6),
      slot(args, 7),
      epsilon,
      first,
      last,
    );
    return;
  }
  if (task == TASK_GROUP_NORM_GRAD) {
    groupNormGrad(
      slot(args, 2),
      slot(args, 3),
      slot(args, 4),
      slot(args, 5),
      slot(args, 6),
      slot(args, 7),
      slot(args, 8),
      first,
      last,
    );
    return;
  }
  if (task == TASK_BINARY || task == TASK_UNARY) {
    // Values [first * CHUNK, last * CHUNK) of slot 2's length; buffers padded to a multiple of 4 values.
    const start = first * CHUNK;
    const end = min(last * CHUNK, slot(args, 2));
    if (task == TASK_UNARY) unary(slot(args, 3), slot(args, 4), slot(args, 5), start, end);
    else
      binary(
        slot(args, 3),
        slot(args, 4),
        slot(args, 5),
        slot(args, 6),
        slot(args, 7),
        slot(args, 8),
        start,
        end,
      );
    return;
  }
  if (task == TASK_SUM_COLUMNS) {
    // Units of 16 columns of [outer, slot 2's reduced rows, slot 3's columns].
    sumColumns(slot(args, 4), slot(args, 5), slot(args, 2), slot(args, 3), first, last);
    return;
  }
  if (task == TASK_SUM_OF_SQUARES) {
    sumOfSquares(slot(args, 3), slot(args, 4), slot(args, 2), CHUNK, first, last);
    return;
  }
  if (task == TASK_SILU || task == TASK_SILU_GRAD) {
    // Values [first * CHUNK, last * CHUNK) of slot 2's length; buffers padded to a multiple of 4 values.
    const end = min(last * CHUNK, slot(args, 2));
    if (task == TASK_SILU) silu(slot(args, 3), slot(args, 4), first * CHUNK, end);
    else siluGrad(slot(args, 3), slot(args, 4), slot(args, 5), first * CHUNK, end);
    return;
  }
  setGeometry(args + 64 * 4);
  if (task == TASK_PACK_B) {
    packB(
      slot(args, 2),
      slot(args, 3),
      slot(args, 4),
      slot(args, 5),
      slot(args, 6),
      slot(args, 7),
      first,
      last,
    );
  } else if (task == TASK_GEMM) {
    const scratch = <usize>slot(args, 12) + <usize>thread * <usize>slot(args, 13);
    gemmRows(
      slot(args, 2),
      slot(args, 3),
      slot(args, 4),
      slot(args, 5),
      slot(args, 6),
      slot(args, 7),
      slot(args, 8),
      slot(args, 9),
      slot(args, 10),
      slot(args, 11),
      slot(args, 14),
      first,
      last,
      scratch + 128,
      scratch,
    );
  }
}
