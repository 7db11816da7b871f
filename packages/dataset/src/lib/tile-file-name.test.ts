import { tileFileName } from '../index.js';

describe('tileFileName', () => {
  it('names tiles from our index, nine digits, like the reference', () => {
    expect(tileFileName(1, 1)).toBe('000000001_part_1.png');
    expect(tileFileName(123456789, 4)).toBe('123456789_part_4.png');
  });
});
