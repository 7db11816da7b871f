/** Widens bfloat16 bit patterns to float32 exactly (bfloat16 is the top half of a float32). */
export function bfloat16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) outBits[i] = halves[i]! << 16;
  return out;
}
