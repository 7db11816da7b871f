import { epochOrder } from './epoch-order.js';

describe('epochOrder', () => {
  it('is a permutation that depends only on (seed, epoch), so a resumed run can seek into it', () => {
    const order = epochOrder(50, 1234, 3);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(50, 1234, 3)).toEqual(order);
    expect(epochOrder(50, 1234, 4)).not.toEqual(order);
    expect(epochOrder(50, 1235, 3)).not.toEqual(order);
  });

  it('handles empty and single-sample datasets and rejects nonsense', () => {
    expect(epochOrder(0, 1, 0)).toEqual(new Uint32Array(0));
    expect(epochOrder(1, 1, 0)).toEqual(new Uint32Array([0]));
    expect(() => epochOrder(-1, 1, 0)).toThrow(/length/);
    expect(() => epochOrder(3, 1, -1)).toThrow(/epoch/);
  });
});
