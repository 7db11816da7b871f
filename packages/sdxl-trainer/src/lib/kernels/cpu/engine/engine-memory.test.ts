import { EngineMemory, type SharedMemory } from './engine-memory.js';

const { Memory } = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedMemory };
  }
).WebAssembly;

describe('EngineMemory', () => {
  it('reads a block input in place, copies an ordinary array in, and puts outputs in blocks', () => {
    const memory = new EngineMemory(new Memory({ initial: 1, maximum: 64, shared: true }), 1024);
    const block = memory.allocate(3)!;
    block.set([1, 2, 3]);
    const call = memory.prepare({ inputs: [block, Float32Array.of(4, 5)], outputs: [2], scratch: [8] });
    expect(call.inputs[0]).toBe(block.byteOffset);
    expect(Array.from(memory.floats(call.inputs[1]!, 2))).toEqual([4, 5]);
    expect(call.inputs[1]).toBeGreaterThanOrEqual(memory.storageEnd); // scratch lies above the blocks
    memory.floats(call.outputs[0]!, 2).set([6, 7]);
    const [result] = call.results();
    expect(memory.addressOf(result!)).toBe(call.outputs[0]);
    expect(Array.from(result!)).toEqual([6, 7]);
  });

  it('writes an output over an input block when asked, and refuses to write over anything else', () => {
    const memory = new EngineMemory(new Memory({ initial: 1, maximum: 64, shared: true }), 1024);
    const block = memory.allocate(4)!;
    const call = memory.prepare({ inputs: [block], outputs: [{ overInput: 0 }] });
    expect(call.outputs).toEqual([block.byteOffset]);
    expect(call.results()[0]).toBe(block);
    expect(() => memory.prepare({ inputs: [new Float32Array(4)], outputs: [{ overInput: 0 }] })).toThrow(
      'input 0 is not a block to write over',
    );
  });

  it('puts outputs in scratch and returns copies once tensor storage is full (no limit on model size)', () => {
    const memory = new EngineMemory(new Memory({ initial: 1, maximum: 64, shared: true }), 1024, 1024 + 128);
    const call = memory.prepare({ outputs: [16, 100] }); // 64 bytes fit the storage, 400 do not
    memory.floats(call.outputs[1]!, 100).fill(9);
    const [inBlock, copied] = call.results();
    expect(memory.holds(inBlock!)).toBe(true);
    expect(memory.holds(copied!)).toBe(false);
    expect(copied!.every((value) => value === 9)).toBe(true);
  });

  it('keeps blocks made before the memory grew valid, and knows them as its own', () => {
    const memory = new EngineMemory(new Memory({ initial: 1, maximum: 64, shared: true }), 1024);
    const early = memory.allocate(4)!;
    early.set([1, 2, 3, 4]);
    const late = memory.allocate(200_000)!; // grows the memory past its first page
    expect(memory.addressOf(early)).toBe(early.byteOffset);
    expect(memory.addressOf(late)).toBe(late.byteOffset);
    expect(Array.from(memory.floats(early.byteOffset, 4))).toEqual([1, 2, 3, 4]);
    memory.free(early.byteOffset);
    expect(memory.addressOf(early)).toBeUndefined();
  });

  it('frees the blocks no tensor claimed', () => {
    const memory = new EngineMemory(new Memory({ initial: 1, maximum: 64, shared: true }), 1024);
    const claimed = memory.allocate(4)!;
    const dropped = memory.allocate(4)!;
    memory.claim(claimed.byteOffset);
    memory.freeUnclaimed();
    expect(memory.addressOf(claimed)).toBe(claimed.byteOffset);
    expect(memory.addressOf(dropped)).toBeUndefined();
  });
});
