/**
 * Narrows float32 values to bfloat16 bit patterns with round-to-nearest-even exactly as PyTorch's
 * `c10::BFloat16` does: add 0x7FFF plus the lowest kept bit, keep the top 16 bits; every NaN becomes 0x7FC0.
 */
export function float32ToBfloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const floatBits = bits[i]!;
    const isNaN = (floatBits & 0x7f800000) === 0x7f800000 && (floatBits & 0x7fffff) !== 0;
    out[i] = isNaN ? 0x7fc0 : (floatBits + 0x7fff + ((floatBits >>> 16) & 1)) >>> 16;
  }
  return out;
}
