import { computeWins } from '../index.js';

describe('computeWins', () => {
  it('plays only the batches both models have, and a lone uid has win rate 0', () => {
    const { wins, winRate } = computeWins([1, 2], { 1: [0.1, 0.1, 0.1], 2: [0.2] }, { 1: 10, 2: 10 }, 0);
    expect(Object.fromEntries(wins)).toEqual({ 1: 1, 2: 0 });
    expect(computeWins([3], { 3: [0.1] }, { 3: 1 }, 0).winRate.get(3)).toBe(0);
    expect(winRate.get(1)).toBe(1);
  });

  it('names a uid that has no losses or no block', () => {
    expect(() => computeWins([1, 2], { 1: [0.1] }, { 1: 1, 2: 1 }, 0)).toThrow(
      'No losses for uid 2: every evaluated uid needs one.',
    );
    expect(() => computeWins([1], { 1: [0.1] }, {}, 0)).toThrow(
      'No block for uid 1: every evaluated uid needs one.',
    );
  });
});
