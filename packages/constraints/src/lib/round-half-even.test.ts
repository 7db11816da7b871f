import { roundHalfEven } from '../index.js';

describe('roundHalfEven', () => {
  it("rounds halves to the even neighbour, as Python's round() and NumPy's np.round do", () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, 0, -2, -2]);
  });

  it('rounds everything else to the nearest integer', () => {
    expect([0.49, 0.51, 2.4999, 2.5001, -2.7, -2.3, 7].map(roundHalfEven)).toEqual([0, 1, 2, 3, -3, -2, 7]);
  });
});
