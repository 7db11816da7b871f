import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { PixelError } from '@pixel/constraints';
import { kernelThreadCount } from './kernel-thread-count.js';
import { SPINS, workerSource } from './worker-source.js';

/**
 * Built by `pnpm build` (asc, from assembly/; the same paths from src/ and dist/): with fused multiply-add
 * (relaxed SIMD) and without, for a Node.js that cannot run relaxed SIMD.
 */
const WASM_URLS = {
  fused: new URL('../../../../../dist/cpu-kernels-fma.wasm', import.meta.url),
  plain: new URL('../../../../../dist/cpu-kernels.wasm', import.meta.url),
};
const PAGE = 65536;
/**
 * Tasks' 32-bit argument slots, in a ring of 4 (below the module's static data, see assembly/index.ts): a
 * thread that wakes late may still read the arguments of the task it was woken for.
 */
const RING = { start: 1024, size: 4, bytes: 1024 };
/** Control words (int32 indices; assembly/index.ts has the claim word at byte 768, finished units at 776). */
const WORDS = { claim: 192, finished: 194, published: 195, epoch: 196 };
/** Slot of the number of threads a task is shared among (assembly/index.ts). */
const THREADS_SLOT = 31;
/** Slot of the convolution geometry (assembly/geometry.ts). */
const GEOMETRY_SLOT = 64;
/** Where a task's float64 settings go (32-bit slot 128 on). */
const DOUBLES_SLOT = 128;

/** The part of the WebAssembly API used here (the workspace's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  validate: (bytes: Uint8Array) => boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The cpu kernels' WebAssembly module on one shared memory, run by `threads` threads (this one included). */
export interface KernelEngine {
  readonly threads: number;
  /**
   * Lays out regions of these byte sizes (64-byte aligned) after the module's data, growing the memory as
   * needed, and returns their addresses. Valid until the next call; views must be made after it.
   */
  reserve(sizes: readonly number[]): number[];
  /** A float32 view of `length` values at `address` (made anew after every reserve: the memory may grow). */
  floats(address: number, length: number): Float32Array;
  /** A float64 view, as `floats`. */
  doubles(address: number, length: number): Float64Array;
  /** An int32 view, as `floats`. */
  words(address: number, length: number): Int32Array;
  /**
   * Runs task `task` over `units` units on every thread with these argument slots (from slot 2), a
   * convolution's geometry and float64 settings, and waits for all of them; `alone` runs it on this
   * thread only (short work, where waking the others would cost more than it saves).
   */
  run(
    task: number,
    units: number,
    slots: readonly number[],
    extra?: { geometry?: readonly number[]; doubles?: readonly number[]; alone?: boolean },
  ): void;
  /** Sets the thread count (tests compare 1 and 2 threads; PIXEL_NUM_THREADS sets it for a process). */
  setThreads(threads: number): void;
  /**
   * Whether kernels that must round a multiply-add once (AdamW, as torch does) use the module's relaxed
   * multiply-add: true where it is fused on this machine (x86 with FMA3, ARM64), else they emulate it.
   */
  readonly hardwareFusedMultiplyAdd: boolean;
  /** Makes those kernels emulate the fused multiply-add even where the machine has it (tests compare both). */
  emulateFusedMultiplyAdd(emulate: boolean): void;
}

let engine: KernelEngine | undefined;

/** The process's kernel engine, started on first use. */
export function kernelEngine(): KernelEngine {
  engine ??= startEngine(kernelThreadCount());
  return engine;
}

/**
 * The kernels' module: the fused multiply-add build where this Node.js runs relaxed SIMD (Node 22 on; Node
 * 20's V8 has it behind a flag, which is turned on here: it only lets modules use those instructions).
 */
function loadModule(): object {
  const fused = readWasm(WASM_URLS.fused);
  if (!wasm.validate(fused)) setFlagsFromString('--experimental-wasm-relaxed-simd');
  return new wasm.Module(wasm.validate(fused) ? fused : readWasm(WASM_URLS.plain));
}

function readWasm(url: URL): Buffer {
  try {
    return readFileSync(fileURLToPath(url));
  } catch (error) {
    const reason = typeof error === 'object' && error && 'code' in error ? ` (${String(error.code)})` : '';
    throw new PixelError(
      `The cpu backend's WebAssembly kernels are missing: ${fileURLToPath(url)}${reason}. ` +
        'Build @pixel/sdxl-trainer (`npx --yes pnpm@10.34.9 --filter @pixel/sdxl-trainer build`) to make them.',
    );
  }
}

function startEngine(initialThreads: number): KernelEngine {
  const module = loadModule();
  const memory = new wasm.Memory({ initial: 32, maximum: 65536, shared: true });
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as {
    run: (args: number, generation: number, thread: number) => void;
    heapBase: () => number;
    multiplyAddLane: (a: number, b: number, c: number) => number;
  };
  // (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24, which rounding the product first loses.
  const fusedHere = exports.multiplyAddLane(1 + 2 ** -12, 1 + 2 ** -12, -(1 + 2 ** -11)) === 2 ** -24;
  let emulate = false;
  const heapBase = exports.heapBase();
  // Below the first page, which never moves: views made now stay valid as the memory grows.
  const control = new Int32Array(memory.buffer, 0, 256);
  const claim = new BigInt64Array(memory.buffer, WORDS.claim * 4, 1);
  let threads = 1;
  let generation = 0;

  const setThreads = (count: number) => {
    const epoch = Atomics.add(control, WORDS.epoch, 1) + 1;
    Atomics.add(control, WORDS.published, 1);
    Atomics.notify(control, WORDS.published);
    threads = count;
    for (let thread = 1; thread < count; thread++) {
      const workerData = { module, memory, thread, epoch, words: WORDS, ring: RING };
      new Worker(workerSource(), { eval: true, workerData }).unref();
    }
  };
  setThreads(initialThreads);

  return {
    get threads() {
      return threads;
    },
    get hardwareFusedMultiplyAdd() {
      return fusedHere && !emulate;
    },
    emulateFusedMultiplyAdd(value) {
      emulate = value;
    },
    reserve(sizes) {
      let end = heapBase;
      const addresses = sizes.map((size) => {
        const address = end;
        end += Math.ceil(size / 64) * 64;
        return address;
      });
      if (end > memory.buffer.byteLength) {
        const pages = Math.ceil((end - memory.buffer.byteLength) / PAGE);
        if (memory.buffer.byteLength / PAGE + pages > 65536) {
          throw new RangeError(`cpu kernels: ${end} bytes do not fit one WebAssembly memory.`);
        }
        memory.grow(pages);
      }
      return addresses;
    },
    floats(address, length) {
      return new Float32Array(memory.buffer, address, length);
    },
    doubles(address, length) {
      return new Float64Array(memory.buffer, address, length);
    },
    words(address, length) {
      return new Int32Array(memory.buffer, address, length);
    },
    run(task, units, slots, extra) {
      generation = (generation + 1) % 0x40000000;
      const address = RING.start + (generation % RING.size) * RING.bytes;
      const args = new Int32Array(memory.buffer, address, DOUBLES_SLOT);
      args[0] = task;
      args[1] = units;
      args.set(slots, 2);
      if (extra?.geometry) args.set(extra.geometry, GEOMETRY_SLOT);
      if (extra?.doubles) new Float64Array(memory.buffer, address + DOUBLES_SLOT * 4).set(extra.doubles);
      const shared = threads > 1 && units > 1 && !extra?.alone;
      args[THREADS_SLOT] = shared ? threads : 1;
      Atomics.store(control, WORDS.finished, 0);
      Atomics.store(claim, 0, BigInt(generation) << 32n);
      if (shared) {
        Atomics.store(control, WORDS.published, generation);
        Atomics.notify(control, WORDS.published);
      }
      exports.run(address, generation, 0);
      // Units other threads claimed are usually finished within microseconds: watch before sleeping.
      for (let spin = 0; spin < SPINS && Atomics.load(control, WORDS.finished) < units; spin++);
      for (let done = Atomics.load(control, WORDS.finished); done < units;) {
        Atomics.wait(control, WORDS.finished, done);
        done = Atomics.load(control, WORDS.finished);
      }
    },
    setThreads,
  };
}
