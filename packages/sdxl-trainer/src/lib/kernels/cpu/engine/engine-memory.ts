import { BlockHeap } from './block-heap.js';

const PAGE = 65536;
/** The most pages a WebAssembly memory (32-bit addresses) can have: 4 GiB. */
const MAX_PAGES = 65536;
/**
 * Tensor storage ends below this address, leaving the rest of the 4 GiB a WebAssembly memory can hold to
 * the per-call scratch (a matrix product's group takes up to 1 GiB, run-gemm.ts).
 */
const HEAP_LIMIT = 2.75 * 2 ** 30;

/** The shared WebAssembly.Memory of the kernels (the workspace's TypeScript libraries do not declare it). */
export interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

/** One call's addresses (see `EngineMemory.prepare`). */
export interface PreparedCall {
  inputs: number[];
  outputs: number[];
  scratch: number[];
  results(): Float32Array[];
}

/**
 * The kernel engine's memory: tensor storage (blocks, from the module's data up) and, above it, each call's
 * scratch. The memory grows as either needs; a SharedArrayBuffer-backed memory grows in place, so views made
 * before stay valid.
 */
export class EngineMemory {
  private readonly heap: BlockHeap;
  private readonly unclaimed = new Set<number>();
  /** Every SharedArrayBuffer the memory has been seen through (each grow gives a new one over the same memory). */
  private readonly buffers: WeakSet<SharedArrayBuffer>;

  /** Tensor storage from `heapStart` up to `heapLimit` (an address; tests give a small one). */
  constructor(
    protected readonly memory: SharedMemory,
    heapStart: number,
    heapLimit = HEAP_LIMIT,
  ) {
    this.heap = new BlockHeap(heapStart, heapLimit);
    this.buffers = new WeakSet([memory.buffer]);
  }

  /** Where tensor storage ends: it only moves up when no freed block fits a request. */
  get storageEnd(): number {
    return this.heap.end;
  }

  /**
   * Lays out regions of these byte sizes (64-byte aligned) after the tensor storage, growing the memory as
   * needed, and returns their addresses: a call's scratch, valid until the next call; views must be made
   * after it.
   */
  reserve(sizes: readonly number[]): number[] {
    let end = this.heap.end;
    const addresses = sizes.map((size) => {
      const address = end;
      end += Math.ceil(size / 64) * 64;
      return address;
    });
    this.growTo(end);
    return addresses;
  }

  /**
   * Lays out one call: each input where it already lies (a block of the engine's memory) or copied into
   * scratch, each output in a block of its own (tensor storage, see `allocate`) or in scratch where the
   * engine's memory has no room left for tensors, or over input `overInput`'s block (the caller checked
   * that no other tensor holds it), then the `scratch` byte sizes. `results()`, once the call ran, gives
   * the outputs' values: the blocks themselves, or copies out of scratch.
   */
  prepare({
    inputs = [],
    outputs = [],
    scratch = [],
  }: {
    inputs?: readonly Float32Array[];
    outputs?: readonly (number | { overInput: number })[];
    scratch?: readonly number[];
  }): PreparedCall {
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
    const laid = this.reserve([
      ...copied.map((values) => values.length * 4),
      ...lengths.filter((_, i) => !blocks[i]).map((length) => length * 4),
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
  }

  /**
   * Storage for a tensor of `length` float32 values in the engine's memory, as the view the tensor keeps
   * (kernels then read and write it where it is, with no copies), or undefined when the engine's memory has
   * no room left for tensors (the caller keeps its values in an ordinary array). Freed when the kernel
   * call ends unless a tensor claimed it (engine-blocks.ts). Blocks come before the call's `reserve`, which
   * lays scratch out above them.
   */
  allocate(length: number): Float32Array | undefined {
    const address = this.heap.allocate(length * 4);
    if (address === undefined) return undefined;
    this.growTo(this.heap.end);
    this.unclaimed.add(address);
    return new Float32Array(this.memory.buffer, address, length);
  }

  /** The address of `values` when they start a block `allocate` gave, else undefined. */
  addressOf(values: Float32Array): number | undefined {
    return this.holds(values) && this.heap.has(values.byteOffset) ? values.byteOffset : undefined;
  }

  /** Whether `values` lie in the engine's memory (a block, or a view into one). */
  holds(values: Float32Array): boolean {
    return this.buffers.has(values.buffer as SharedArrayBuffer);
  }

  /** Marks the block at `address` taken by a tensor: it outlives the kernel call. */
  claim(address: number): void {
    this.unclaimed.delete(address);
  }

  free(address: number): void {
    this.unclaimed.delete(address);
    this.heap.free(address);
  }

  /** Frees the blocks allocated since the last call that no tensor claimed. */
  freeUnclaimed(): void {
    for (const address of this.unclaimed) this.heap.free(address);
    this.unclaimed.clear();
  }

  /** A float32 view of `length` values at `address` (made anew after every reserve: the memory may grow). */
  floats(address: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, length);
  }

  /** A float64 view, as `floats`. */
  doubles(address: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, address, length);
  }

  /** An int32 view, as `floats`. */
  words(address: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, address, length);
  }

  private growTo(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) {
      throw new RangeError(`cpu kernels: ${end} bytes do not fit one WebAssembly memory.`);
    }
    this.memory.grow(pages);
    this.buffers.add(this.memory.buffer);
  }
}
