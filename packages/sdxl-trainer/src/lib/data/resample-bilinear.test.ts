import { resampleBilinear } from './resample-bilinear.js';

/** One row of grey pixels as RGB bytes. */
const greyRow = (values: number[]) => Uint8Array.from(values.flatMap((v) => [v, v, v]));
const reds = (rgb: Uint8Array) => Array.from(rgb.filter((_, i) => i % 3 === 0));

// Expected values worked by hand from Pillow's Resample.c (triangle filter, support scaled by the
// shrink factor, bounds rounded with (int)(c -/+ support + 0.5), weights normalised, 22-bit fixed point).
describe('resampleBilinear (Pillow BILINEAR)', () => {
  it('upscales [0, 255] to [0, 64, 191, 255]', () => {
    expect(reds(resampleBilinear(greyRow([0, 255]), 2, 1, 4, 1))).toEqual([0, 64, 191, 255]);
  });

  it('antialiases a 3x shrink: a 1-in-3 line pattern averages to 85, 96 at the left border', () => {
    const row = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 255 : 0));
    const out = reds(resampleBilinear(greyRow(row), 30, 1, 10, 1));
    // Left border: weights 2/3, 1, 2/3, 1/3 over pixels 0..3 (sum 8/3) -> 255 * (2/3 + 1/3) / (8/3) = 95.6.
    expect(out[0]).toBe(96);
    expect(out.slice(1, 9)).toEqual(new Array(8).fill(85));
  });

  it('resamples columns like rows (the vertical pass), and both passes compose', () => {
    const column = resampleBilinear(greyRow([0, 255]), 1, 2, 1, 4);
    expect(reds(column)).toEqual([0, 64, 191, 255]);
    const square = resampleBilinear(
      Uint8Array.from({ length: 4 * 4 * 3 }, () => 200),
      4,
      4,
      3,
      2,
    );
    expect(Array.from(square)).toEqual(new Array(3 * 2 * 3).fill(200));
  });

  it('keeps channels apart and returns a copy when the size does not change', () => {
    const rgb = Uint8Array.from([10, 20, 30, 10, 20, 30]);
    expect(Array.from(resampleBilinear(rgb, 2, 1, 1, 1))).toEqual([10, 20, 30]);
    const same = resampleBilinear(rgb, 2, 1, 2, 1);
    expect(same).toEqual(rgb);
    expect(same).not.toBe(rgb);
    expect(() => resampleBilinear(rgb, 3, 1, 1, 1)).toThrow(/expects 3x1 RGB bytes \(9\), got 6/);
  });
});
