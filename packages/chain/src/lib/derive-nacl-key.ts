import { argon2i } from 'hash-wasm';

/** btwallet's fixed `NACL_SALT`: the salt is a constant, not stored in the file. */
const NACL_SALT = Uint8Array.from(Buffer.from('137183dff15a09bc9c90b5518739e9b1', 'hex'));

/**
 * The secretbox key btwallet derives from a password: libsodium `crypto_pwhash_argon2i` with
 * OPSLIMIT_SENSITIVE (8 passes) and MEMLIMIT_SENSITIVE (512 MiB). Takes seconds by design.
 */
export async function deriveNaclKey(password: string): Promise<Uint8Array> {
  return argon2i({
    password: new TextEncoder().encode(password),
    salt: NACL_SALT,
    iterations: 8,
    memorySize: 512 * 1024,
    parallelism: 1,
    hashLength: 32,
    outputType: 'binary',
  });
}
