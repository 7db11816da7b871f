import { float16ToFloat32 } from './float16-to-float32.js';

describe('float16ToFloat32', () => {
  it('decodes normals, subnormals, zeros, infinities and NaN', () => {
    const halves = new Uint16Array([
      0x3c00, 0xc000, 0x7bff, 0x0400, 0x03ff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x3555,
    ]);
    expect([...float16ToFloat32(halves)]).toEqual([
      1,
      -2,
      65504,
      2 ** -14,
      1023 * 2 ** -24,
      2 ** -24,
      -0,
      Infinity,
      -Infinity,
      Math.fround(0.333251953125),
    ]);
  });

  it('keeps NaN payloads and signs', () => {
    const out = float16ToFloat32(new Uint16Array([0x7e00, 0xfc01]));
    const bits = new Uint32Array(out.buffer);
    expect(bits[0]).toBe(0x7fc00000);
    expect(bits[1]).toBe(0xff802000);
  });
});
