/** XOR `data` cyclically with the bytes of `name`: btwallet's obfuscation of passwords kept in env vars. */
export function xorWithName(data: Uint8Array, name: string): Uint8Array {
  const key = new TextEncoder().encode(name);
  return data.map((byte, index) => byte ^ (key[index % key.length] ?? 0));
}
