// pixel's cpu kernels in WebAssembly (see docs/cpu-kernels.md). Every thread instantiates this module on one
// shared memory; the caller writes a task's arguments at `args` and every thread calls `run` with its index,
// taking its share [first, last) of the task's units. Nothing here allocates: the caller lays out memory.

import { adamW } from './adamw';
import { gemmRows, packB } from './gemm';
import { setGeometry } from './geometry';

const TASK_PACK_B: i32 = 1;
const TASK_GEMM: i32 = 2;
const TASK_ADAMW: i32 = 3;
/** Units of element-wise tasks: this many values (a multiple of 4, so SIMD never straddles two threads). */
const CHUNK: i32 = 4096;

/** Where the caller may start laying out its data (after this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

function slot(args: usize, index: i32): i32 {
  return load<i32>(args + <usize>index * 4);
}

/** Runs this thread's share of the task described at `args` (32-bit slots; see kernels/cpu/engine). */
export function run(args: usize, thread: i32, threads: i32): void {
  const task = slot(args, 0);
  const units = slot(args, 1);
  const first = <i32>((<i64>units * thread) / threads);
  const last = <i32>((<i64>units * (thread + 1)) / threads);
  if (first >= last) return;
  if (task == TASK_ADAMW) {
    // Values [first * CHUNK, last * CHUNK) of slot 2's length; buffers padded to a multiple of 2 values.
    const length = slot(args, 2);
    const end = min(last * CHUNK, length);
    const p = slot(args, 3);
    const g = slot(args, 4);
    const m = slot(args, 5);
    const v = slot(args, 6);
    adamW(p, g, m, v, slot(args, 7), slot(args, 8), slot(args, 9), first * CHUNK, end, args + 128 * 4);
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
      first,
      last,
      scratch + 128,
      scratch,
    );
  }
}
