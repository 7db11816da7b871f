/** Blocks are 64-byte aligned and sized, so a four-value SIMD step past a tensor's end stays in its block. */
const ALIGN = 64;

/**
 * Tensor storage in the kernel engine's memory, laid out from `start` up to `limit` bytes: a block freed is
 * kept for the next request of its exact size (a training step asks for the same sizes every step), and the
 * rest is taken from the top. Only addresses: the engine owns the memory and grows it to `end`.
 */
export class BlockHeap {
  private top: number;
  private readonly freeBySize = new Map<number, number[]>();
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

  /** The address of a new block of at least `bytes`, or undefined when the heap would pass its limit. */
  allocate(bytes: number): number | undefined {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const reused = this.freeBySize.get(size)?.pop();
    if (reused !== undefined) {
      this.sizeAt.set(reused, size);
      return reused;
    }
    if (this.top + size > this.limit) return undefined;
    const address = this.top;
    this.top += size;
    this.sizeAt.set(address, size);
    return address;
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
    const list = this.freeBySize.get(size);
    if (list) list.push(address);
    else this.freeBySize.set(size, [address]);
  }
}
