import { BlockHeap } from './block-heap.js';

describe('BlockHeap', () => {
  it('lays blocks out 64-byte aligned from the start, and reuses a freed block for its size', () => {
    const heap = new BlockHeap(100, 1 << 20);
    const a = heap.allocate(10)!;
    const b = heap.allocate(65)!;
    expect([a, b, heap.end]).toEqual([128, 192, 320]);
    heap.free(a);
    expect(heap.has(a)).toBe(false);
    expect(heap.allocate(128)).toBe(320); // another size: from the top
    expect(heap.allocate(64)).toBe(a);
    expect(heap.has(a)).toBe(true);
  });

  it('refuses a block past its limit, and a free of an address it did not give', () => {
    const heap = new BlockHeap(0, 256);
    expect(heap.allocate(200)).toBe(0);
    expect(heap.allocate(64)).toBeUndefined();
    expect(() => heap.free(64)).toThrow('no block at 64');
    heap.free(0);
    expect(() => heap.free(0)).toThrow('no block at 0');
  });
});
