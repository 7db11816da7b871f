import { isWin } from '../index.js';

describe('isWin', () => {
  it("multiplies the earlier model's loss by (1 - epsilon)", () => {
    // 0.1 * (1 - 0.0005) = 0.09995 beats 0.099975 from a later block.
    expect(isWin(0.1, 0.099975, 1000, 2000, 0.0005)).toBe(true);
    expect(isWin(0.099975, 0.1, 2000, 1000, 0.0005)).toBe(false);
    // A later copy must beat the discounted loss, not the raw one.
    expect(isWin(0.09996, 0.1, 2000, 1000, 0.0005)).toBe(false);
    expect(isWin(0.0999, 0.1, 2000, 1000, 0.0005)).toBe(true);
  });

  it('gives no advantage at equal blocks, and a tie is not a win', () => {
    expect(isWin(0.1, 0.1, 5, 5, 0.0005)).toBe(false);
    expect(isWin(0.1, 0.2, 5, 5, 0.0005)).toBe(true);
  });

  it('never lets an unevaluated model (infinite loss) win', () => {
    expect(isWin(Infinity, 0.5, 1, 2, 0.0005)).toBe(false);
    expect(isWin(0.5, Infinity, 2, 1, 0.0005)).toBe(true);
  });
});
