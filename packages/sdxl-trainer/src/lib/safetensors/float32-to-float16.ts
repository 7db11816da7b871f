/**
 * Narrows float32 values to IEEE half-precision bit patterns with round-to-nearest-even, as PyTorch's
 * `tensor.half()` does: values past the half range become infinity, tiny values become half subnormals or
 * signed zero, and every NaN becomes the quiet NaN 0x7E00 with its sign.
 */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i]!);
  return out;
}

function halfBits(floatBits: number): number {
  const sign = (floatBits >>> 16) & 0x8000;
  const exponent = (floatBits >>> 23) & 0xff;
  const mantissa = floatBits & 0x7fffff;
  if (exponent === 0xff) return sign | (mantissa ? 0x7e00 : 0x7c00);
  const halfExponent = exponent - 112;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Half subnormal: the 24-bit significand scaled by 2^(exponent - 126), rounded to an integer.
    const shift = 126 - exponent;
    if (shift > 24) return sign;
    const significand = mantissa | 0x800000;
    let rounded = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && rounded & 1)) rounded++;
    return sign | rounded;
  }
  // Normal: a carry out of the mantissa correctly bumps the exponent, up to infinity (0x7C00).
  let rounded = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && rounded & 1)) rounded++;
  return sign | rounded;
}
