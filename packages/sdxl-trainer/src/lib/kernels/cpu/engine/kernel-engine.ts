import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { PixelError } from '@pixel/constraints';
import { BlockHeap } from './block-heap.js';
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
/**
 * Tensor storage ends below this address, leaving the rest of the 4 GiB a WebAssembly memory can hold to
 * the per-call scratch (a matrix product's group takes up to 1 GiB, run-gemm.ts).
 */
const HEAP_LIMIT = 2.75 * 2 ** 30;

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
   * Lays out regions of these byte sizes (64-byte aligned) after the tensor storage, growing the memory as
   * needed, and returns their addresses: a call's scratch, valid until the next call; views must be made
   * after it.
   */
  reserve(sizes: readonly number[]): number[];
  /**
   * Lays out one call: each input where it already lies (a block of the engine's memory) or copied into
   * scratch, each output in a block of its own (tensor storage, see `allocate`) or in scratch where the
   * engine's memory has no room left for tensors, or over input `overInput`'s block (the caller checked
   * that no other tensor holds it), then the `scratch` byte sizes. `results()`, once the call ran, gives
   * the outputs' values: the blocks themselves, or copies out of scratch.
   */
  prepare(call: {
    inputs?: readonly Float32Array[];
    outputs?: readonly (number | { overInput: number })[];
    scratch?: readonly number[];
  }): PreparedCall;
  /**
   * Storage for a tensor of `length` float32 values in the engine's memory, as the view the tensor keeps
   * (kernels then read and write it where it is, with no copies), or undefined when the engine's memory has
   * no room left for tensors (the caller keeps its values in an ordinary array). Freed when the kernel
   * call ends unless a tensor took it (engine-blocks.ts). Blocks come before the call's `reserve`, which
   * lays scratch out above them.
   */
  allocate(length: number): Float32Array | undefined;
  /** Where tensor storage ends: it only moves up when no freed block fits a request. */
  readonly storageEnd: number;
  /** The address of `values` when they start a block `allocate` gave, else undefined. */
  addressOf(values: Float32Array): number | undefined;
  /** Whether `values` lie in the engine's memory (a block, or a view into one). */
  holds(values: Float32Array): boolean;
  /** Marks the block at `address` taken by a tensor (it outlives the kernel call), or frees it. */
  claim(address: number): void;
  free(address: number): void;
  /** Frees the blocks allocated since the last call that no tensor claimed. */
  freeUnclaimed(): void;
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

/** One call's addresses (see `KernelEngine.prepare`). */
export interface PreparedCall {
  inputs: number[];
  outputs: number[];
  scratch: number[];
  results(): Float32Array[];
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
  const heap = new BlockHeap(exports.heapBase(), HEAP_LIMIT);
  const unclaimed = new Set<number>();
  // Every SharedArrayBuffer the memory has been seen through (each grow gives a new one over the same memory).
  const buffers = new WeakSet<SharedArrayBuffer>([memory.buffer]);
  const growTo = (end: number) => {
    if (end <= memory.buffer.byteLength) return;
    const pages = Math.ceil((end - memory.buffer.byteLength) / PAGE);
    if (memory.buffer.byteLength / PAGE + pages > 65536) {
      throw new RangeError(`cpu kernels: ${end} bytes do not fit one WebAssembly memory.`);
    }
    memory.grow(pages);
    buffers.add(memory.buffer);
  };
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
    get storageEnd() {
      return heap.end;
    },
    get hardwareFusedMultiplyAdd() {
      return fusedHere && !emulate;
    },
    emulateFusedMultiplyAdd(value) {
      emulate = value;
    },
    reserve(sizes) {
      let end = heap.end;
      const addresses = sizes.map((size) => {
        const address = end;
        end += Math.ceil(size / 64) * 64;
        return address;
      });
      growTo(end);
      return addresses;
    },
    prepare({ inputs = [], outputs = [], scratch = [] }) {
      const inputAddresses = inputs.map((values) => this.addressOf(values));
      const blocks = outputs.map((output) => {
        if (typeof output === 'number') return this.allocate(output);
        if (inputAddresses[output.overInput] === undefined) {
          throw new Error(`cpu kernels: input ${output.overInput} is not a block to write over.`);
        }
        return inputs[output.overInput]!;
      });
      const lengths = outputs.map((output, i) => (typeof output === 'number' ? output : blocks[i]!.length));
      const copied = inputs.filter((_, i) => inputAddresses[i] === undefined);
      const inScratch = lengths.filter((_, i) => !blocks[i]);
      const laid = this.reserve([
        ...copied.map((values) => values.length * 4),
        ...inScratch.map((length) => length * 4),
        ...scratch,
      ]);
      let next = 0;
      const inputsAt = inputs.map((values, i) => {
        const address = inputAddresses[i];
        if (address !== undefined) return address;
        const at = laid[next++]!;
        this.floats(at, values.length).set(values);
        return at;
      });
      const outputsAt = outputs.map((_, i) => blocks[i]?.byteOffset ?? laid[next++]!);
      return {
        inputs: inputsAt,
        outputs: outputsAt,
        scratch: laid.slice(next),
        results: () => lengths.map((length, i) => blocks[i] ?? this.floats(outputsAt[i]!, length).slice()),
      };
    },
    allocate(length) {
      const address = heap.allocate(length * 4);
      if (address === undefined) return undefined;
      growTo(heap.end);
      unclaimed.add(address);
      return new Float32Array(memory.buffer, address, length);
    },
    addressOf(values) {
      return buffers.has(values.buffer as SharedArrayBuffer) && heap.has(values.byteOffset)
        ? values.byteOffset
        : undefined;
    },
    holds(values) {
      return buffers.has(values.buffer as SharedArrayBuffer);
    },
    claim(address) {
      unclaimed.delete(address);
    },
    free(address) {
      unclaimed.delete(address);
      heap.free(address);
    },
    freeUnclaimed() {
      for (const address of unclaimed) heap.free(address);
      unclaimed.clear();
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
