let lookup: Uint32Array | undefined;

/**
 * Widens IEEE half-precision bit patterns to float32 exactly (every half value, subnormals, infinities and
 * NaN payloads included, is representable in float32). A 64K-entry table of float32 bit patterns makes
 * this a single lookup per element.
 */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  lookup ??= buildLookup();
  const out = new Float32Array(halves.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) outBits[i] = lookup[halves[i]!]!;
  return out;
}

function buildLookup(): Uint32Array {
  const table = new Uint32Array(65536);
  const asFloat = new Float32Array(table.buffer);
  for (let half = 0; half < 65536; half++) {
    const sign = (half & 0x8000) << 16;
    const exponent = (half >>> 10) & 0x1f;
    const mantissa = half & 0x3ff;
    if (exponent === 0x1f) {
      table[half] = (sign | 0x7f800000 | (mantissa << 13)) >>> 0;
    } else if (exponent === 0) {
      // Subnormal (or zero): mantissa x 2^-24, exact in float32.
      asFloat[half] = (sign ? -1 : 1) * mantissa * 2 ** -24;
    } else {
      table[half] = (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
    }
  }
  return table;
}
