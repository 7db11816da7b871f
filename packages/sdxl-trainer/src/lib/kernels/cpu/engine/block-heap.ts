/** Blocks are 64-byte aligned and sized, so a four-value SIMD step past a tensor's end stays in its block. */
const ALIGN = 64;

/**
 * Tensor storage in the kernel engine's memory, laid out from `start` up to `limit` bytes: a block freed is
 * kept for the next request of its exact size (a training step asks for the same sizes every step), the
 * rest is taken from the top, and a block freed at the top lowers it. Past the limit a larger free block is
 * split, so sizes no longer asked for (another model, another resolution) are not lost. Only addresses: the
 * engine owns the memory and grows it to `end`.
 */
export class BlockHeap {
  private top: number;
  private readonly freeBySize = new Map<number, number[]>();
  /** Free blocks by the address where they end, to lower the top past them. */
  private readonly freeEndingAt = new Map<number, number>();
  private readonly sizeAt = new Map<number, number>();

  constructor(
    start: number,
    private readonly limit: number,
  ) {
    this.top = Math.ceil(start / ALIGN) * ALIGN;
  }

  /** Where the heap's blocks end (the engine's per-call scratch starts here). */
  get end(): number {
    return this.top;
  }

  /** The address of a new block of at least `bytes`, or undefined when no free block fits and the top is at the limit. */
  allocate(bytes: number): number | undefined {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const reused = this.takeFree(size);
    if (reused !== undefined) return this.use(reused, size);
    if (this.top + size <= this.limit) {
      this.top += size;
      return this.use(this.top - size, size);
    }
    const larger = [...this.freeBySize.keys()].filter((free) => free > size).sort((a, b) => a - b)[0];
    if (larger === undefined) return undefined;
    const address = this.takeFree(larger)!;
    this.release(address + size, larger - size);
    return this.use(address, size);
  }

  /** Whether a block starts at `address` and is allocated. */
  has(address: number): boolean {
    return this.sizeAt.has(address);
  }

  /** Frees the block at `address` (one `allocate` returned). */
  free(address: number): void {
    const size = this.sizeAt.get(address);
    if (size === undefined) throw new Error(`BlockHeap: no block at ${address}.`);
    this.sizeAt.delete(address);
    this.release(address, size);
  }

  private use(address: number, size: number): number {
    this.sizeAt.set(address, size);
    return address;
  }

  /** Makes [address, address + size) free: the top comes down over it and any free blocks below it. */
  private release(address: number, size: number): void {
    if (address + size !== this.top) {
      const list = this.freeBySize.get(size);
      if (list) list.push(address);
      else this.freeBySize.set(size, [address]);
      this.freeEndingAt.set(address + size, address);
      return;
    }
    this.top = address;
    for (
      let below = this.freeEndingAt.get(this.top);
      below !== undefined;
      below = this.freeEndingAt.get(this.top)
    ) {
      const list = this.freeBySize.get(this.top - below)!;
      list.splice(list.lastIndexOf(below), 1);
      if (list.length === 0) this.freeBySize.delete(this.top - below);
      this.freeEndingAt.delete(this.top);
      this.top = below;
    }
  }

  /** A free block of exactly `size` bytes, taken off the free lists. */
  private takeFree(size: number): number | undefined {
    const list = this.freeBySize.get(size);
    const address = list?.pop();
    if (address === undefined) return undefined;
    if (list!.length === 0) this.freeBySize.delete(size);
    this.freeEndingAt.delete(address + size);
    return address;
  }
}
