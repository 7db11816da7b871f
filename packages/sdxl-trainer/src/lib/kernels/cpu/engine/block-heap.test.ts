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

  it('lowers the top when the block there is freed, and over the free blocks below it', () => {
    const heap = new BlockHeap(0, 1 << 20);
    const [a, b, c] = [heap.allocate(64)!, heap.allocate(128)!, heap.allocate(64)!];
    heap.free(b);
    expect(heap.end).toBe(256);
    heap.free(c);
    expect(heap.end).toBe(64); // c's block, then b's, free below it
    expect(heap.allocate(256)).toBe(64);
    heap.free(a);
    expect(heap.has(a)).toBe(false);
  });

  it('splits a larger free block once the top is at its limit, and refuses when nothing fits', () => {
    const heap = new BlockHeap(0, 512);
    const big = heap.allocate(256)!;
    heap.allocate(256);
    heap.free(big);
    expect(heap.allocate(64)).toBe(0); // the top is at the limit: the front of the freed 256 bytes
    expect(heap.allocate(128)).toBe(64); // then the front of what is left
    expect(heap.allocate(128)).toBeUndefined(); // 64 bytes free, not 128
    expect(heap.allocate(64)).toBe(192);
  });

  it('refuses a free of an address it did not give', () => {
    const heap = new BlockHeap(0, 256);
    expect(heap.allocate(200)).toBe(0);
    expect(heap.allocate(64)).toBeUndefined();
    expect(() => heap.free(64)).toThrow('no block at 64');
    heap.free(0);
    expect(() => heap.free(0)).toThrow('no block at 0');
  });
});
