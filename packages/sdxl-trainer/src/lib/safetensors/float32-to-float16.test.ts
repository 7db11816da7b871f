import { float16ToFloat32 } from './float16-to-float32.js';
import { float32ToFloat16 } from './float32-to-float16.js';

const allHalves = Uint16Array.from({ length: 65536 }, (_, i) => i);
const isHalfNaN = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
/** Finite, non-negative halves in increasing order, so neighbours are one half-ulp apart. */
const ascending = allHalves.filter((h) => h < 0x7c00);

describe('float32ToFloat16', () => {
  it('round-trips every half value exactly, NaNs becoming the quiet NaN 0x7E00 with their sign', () => {
    const back = float32ToFloat16(float16ToFloat32(allHalves));
    for (let h = 0; h < 65536; h++) {
      const expected = isHalfNaN(h) ? (h & 0x8000) | 0x7e00 : h;
      if (back[h] !== expected)
        throw new Error(`half 0x${h.toString(16)} came back as 0x${back[h]!.toString(16)}`);
    }
  });

  it('rounds every exact midpoint between neighbouring halves to the even one, and off-midpoints to the nearest', () => {
    const wide = float16ToFloat32(ascending);
    const probes: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i + 1 < ascending.length; i++) {
      const midpoint = (wide[i]! + wide[i + 1]!) / 2; // exact in float32: one more bit than half precision
      const even = ascending[i]! % 2 === 0 ? ascending[i]! : ascending[i + 1]!;
      probes.push(midpoint, Math.fround(midpoint * (1 - 2 ** -23)), Math.fround(midpoint * (1 + 2 ** -23)));
      expected.push(even, ascending[i]!, ascending[i + 1]!);
    }
    const narrowed = float32ToFloat16(Float32Array.from(probes));
    const negated = float32ToFloat16(Float32Array.from(probes, (p) => -p));
    for (let i = 0; i < probes.length; i++) {
      if (narrowed[i] !== expected[i] || negated[i] !== (expected[i]! | 0x8000)) {
        throw new Error(
          `${probes[i]} became 0x${narrowed[i]!.toString(16)}, expected 0x${expected[i]!.toString(16)}`,
        );
      }
    }
  });

  it('overflows to infinity from 65520 (the midpoint above 65504) and flushes below 2^-25 to signed zero', () => {
    const values = new Float32Array([
      65519.996,
      65520,
      1e10,
      -1e10,
      2 ** -25,
      2 ** -25 * 1.0001,
      -(2 ** -26),
      1e-30,
    ]);
    expect([...float32ToFloat16(values)]).toEqual([
      0x7bff, 0x7c00, 0x7c00, 0xfc00, 0x0000, 0x0001, 0x8000, 0x0000,
    ]);
  });
});
