/**
 * btwallet stores schnorrkel's canonical secret (`scalar || nonce`); polkadot-js wants the "ed25519 form",
 * whose scalar is multiplied by the cofactor 8 (schnorrkel `to_ed25519_bytes`). The nonce is unchanged.
 */
export function canonicalToEd25519Secret(canonical: Uint8Array): Uint8Array {
  if (canonical.length !== 64)
    throw new Error(`an sr25519 private key has 64 bytes, got ${canonical.length}`);
  const converted = Uint8Array.from(canonical);
  let carry = 0;
  // Little-endian shift left by 3 bits over the 32 scalar bytes.
  for (let index = 0; index < 32; index++) {
    const byte = canonical[index] ?? 0;
    converted[index] = ((byte << 3) | carry) & 0xff;
    carry = byte >> 5;
  }
  if (carry !== 0)
    throw new Error('not a canonical sr25519 scalar: it overflows when multiplied by the cofactor');
  return converted;
}
