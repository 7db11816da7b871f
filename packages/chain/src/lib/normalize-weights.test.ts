import { normalizeWeights } from './normalize-weights.js';

describe('normalizeWeights (SDK convert_weights_and_uids_for_emit)', () => {
  it('max-upscales to 65535, rounds half to even and drops zeros', () => {
    // 0.5 * 65535 = 32767.5 -> 32768 (even); 1e-6 * 65535 = 0.066 -> 0 -> dropped.
    expect(normalizeWeights([0, 1, 2, 3], [2, 1, 2e-6, 0])).toEqual({
      uids: [0, 1],
      weights: [65535, 32768],
    });
    // 2.5 -> 2 (even): weight 2.5/65535 of the max.
    expect(normalizeWeights([4, 5], [65535, 2.5]).weights).toEqual([65535, 2]);
    expect(normalizeWeights([4, 5], [65535, 3.5]).weights).toEqual([65535, 4]);
  });

  it('gives nothing for all-zero weights and refuses bad input', () => {
    expect(normalizeWeights([0, 1], [0, 0])).toEqual({ uids: [], weights: [] });
    expect(() => normalizeWeights([0], [-1])).toThrow('finite number >= 0');
    expect(() => normalizeWeights([0, 1], [1])).toThrow('same length');
    expect(() => normalizeWeights([70000], [1])).toThrow('0..65535');
  });
});
