import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { PixelError } from '@pixel/constraints';
import { EngineMemory, type SharedMemory } from './engine-memory.js';
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
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The cpu kernels' WebAssembly module on one shared memory (EngineMemory: tensor storage and each call's
 * scratch), run by `threads` threads (this one included).
 */
export interface KernelEngine extends EngineMemory {
  readonly threads: number;
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

function startEngine(threads: number): KernelEngine {
  const module = loadModule();
  const memory = new wasm.Memory({ initial: 32, maximum: 65536, shared: true });
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as ModuleExports;
  return new ThreadedEngine(module, memory, exports, threads);
}

interface ModuleExports {
  run: (args: number, generation: number, thread: number) => void;
  heapBase: () => number;
  multiplyAddLane: (a: number, b: number, c: number) => number;
}

class ThreadedEngine extends EngineMemory implements KernelEngine {
  private count = 1;
  private generation = 0;
  private emulate = false;
  private readonly fusedHere: boolean;
  // Below the first page, which never moves: views made now stay valid as the memory grows.
  private readonly control: Int32Array;
  private readonly claimWord: BigInt64Array;

  constructor(
    private readonly module: object,
    memory: SharedMemory,
    private readonly exports: ModuleExports,
    threads: number,
  ) {
    super(memory, exports.heapBase());
    this.control = new Int32Array(memory.buffer, 0, 256);
    this.claimWord = new BigInt64Array(memory.buffer, WORDS.claim * 4, 1);
    // (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24, which rounding the product first loses.
    this.fusedHere = exports.multiplyAddLane(1 + 2 ** -12, 1 + 2 ** -12, -(1 + 2 ** -11)) === 2 ** -24;
    this.setThreads(threads);
  }

  get threads(): number {
    return this.count;
  }

  get hardwareFusedMultiplyAdd(): boolean {
    return this.fusedHere && !this.emulate;
  }

  emulateFusedMultiplyAdd(emulate: boolean): void {
    this.emulate = emulate;
  }

  setThreads(count: number): void {
    const { control } = this;
    const epoch = Atomics.add(control, WORDS.epoch, 1) + 1;
    Atomics.add(control, WORDS.published, 1);
    Atomics.notify(control, WORDS.published);
    this.count = count;
    for (let thread = 1; thread < count; thread++) {
      const workerData = {
        module: this.module,
        memory: this.memory,
        thread,
        epoch,
        words: WORDS,
        ring: RING,
      };
      new Worker(workerSource(), { eval: true, workerData }).unref();
    }
  }

  run(
    task: number,
    units: number,
    slots: readonly number[],
    extra?: { geometry?: readonly number[]; doubles?: readonly number[]; alone?: boolean },
  ): void {
    const { control } = this;
    const generation = (this.generation = (this.generation + 1) % 0x40000000);
    const address = RING.start + (generation % RING.size) * RING.bytes;
    const args = new Int32Array(this.memory.buffer, address, DOUBLES_SLOT);
    args[0] = task;
    args[1] = units;
    args.set(slots, 2);
    if (extra?.geometry) args.set(extra.geometry, GEOMETRY_SLOT);
    if (extra?.doubles) new Float64Array(this.memory.buffer, address + DOUBLES_SLOT * 4).set(extra.doubles);
    const shared = this.count > 1 && units > 1 && !extra?.alone;
    args[THREADS_SLOT] = shared ? this.count : 1;
    Atomics.store(control, WORDS.finished, 0);
    Atomics.store(this.claimWord, 0, BigInt(generation) << 32n);
    if (shared) {
      Atomics.store(control, WORDS.published, generation);
      Atomics.notify(control, WORDS.published);
    }
    this.exports.run(address, generation, 0);
    // Units other threads claimed are usually finished within microseconds: watch before sleeping.
    for (let spin = 0; spin < SPINS && Atomics.load(control, WORDS.finished) < units; spin++);
    for (let done = Atomics.load(control, WORDS.finished); done < units;) {
      Atomics.wait(control, WORDS.finished, done);
      done = Atomics.load(control, WORDS.finished);
    }
  }
}
