import { stepWeights } from '../index.js';

describe('stepWeights', () => {
  it('stays finite at temperatures where a naive softmax overflows', () => {
    const weights = stepWeights(
      new Map([
        [1, 1],
        [2, 0.999],
      ]),
      1e-4,
    );
    expect([...weights.values()].every(Number.isFinite)).toBe(true);
    expect(weights.get(1)! + weights.get(2)!).toBeCloseTo(1, 15);
    expect(weights.get(1)! > weights.get(2)!).toBe(true);
  });

  it('rejects a temperature that is not above zero', () => {
    expect(() => stepWeights(new Map([[1, 1]]), 0)).toThrow(
      'stepWeights: temperature must be above 0, got 0.',
    );
  });
});
