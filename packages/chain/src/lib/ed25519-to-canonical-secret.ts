/** polkadot-js's "ed25519 form" secret (scalar x 8 || nonce) -> schnorrkel's canonical form that btwallet writes. */
export function ed25519ToCanonicalSecret(ed25519Form: Uint8Array): Uint8Array {
  if (ed25519Form.length !== 64)
    throw new Error(`an sr25519 secret key has 64 bytes, got ${ed25519Form.length}`);
  if (((ed25519Form[0] ?? 0) & 0b111) !== 0)
    throw new Error('not an ed25519-form sr25519 secret: the scalar is not a multiple of 8');
  const canonical = Uint8Array.from(ed25519Form);
  // Little-endian shift right by 3 bits over the 32 scalar bytes.
  for (let index = 0; index < 32; index++) {
    const next = index < 31 ? (ed25519Form[index + 1] ?? 0) : 0;
    canonical[index] = (((ed25519Form[index] ?? 0) >> 3) | (next << 5)) & 0xff;
  }
  return canonical;
}
