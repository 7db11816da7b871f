import { bfloat16ToFloat32 } from './bfloat16-to-float32.js';
import { float32ToBfloat16 } from './float32-to-bfloat16.js';

describe('float32ToBfloat16 / bfloat16ToFloat32', () => {
  it('round-trips every non-NaN bfloat16 exactly; every NaN becomes 0x7FC0 as in torch', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const back = float32ToBfloat16(bfloat16ToFloat32(all));
    for (let b = 0; b < 65536; b++) {
      const isNaN = (b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0;
      const expected = isNaN ? 0x7fc0 : b;
      if (back[b] !== expected)
        throw new Error(`bf16 0x${b.toString(16)} came back as 0x${back[b]!.toString(16)}`);
    }
  });

  it('rounds to nearest, ties to even', () => {
    const bits = new Uint32Array([
      0x3f808000, // 1 + 2^-8 exactly halfway between 0x3f80 (even) and 0x3f81: down
      0x3f818000, // halfway between 0x3f81 and 0x3f82 (even): up
      0x3f808001, // just above halfway: up
      0x3f807fff, // just below halfway: down
      0x7f7fffff, // largest float32 rounds up to infinity
      0xbf808000, // negative tie: down in magnitude
    ]);
    expect([...float32ToBfloat16(new Float32Array(bits.buffer))]).toEqual([
      0x3f80, 0x3f82, 0x3f81, 0x3f80, 0x7f80, 0xbf80,
    ]);
  });
});
