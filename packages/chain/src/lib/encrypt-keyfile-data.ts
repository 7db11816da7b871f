import nacl from 'tweetnacl';

import { deriveNaclKey } from './derive-nacl-key.js';

/** Encrypt keyfile JSON bytes the way btwallet does (`$NACL` | random nonce | secretbox), readable by the SDK. */
export async function encryptKeyfileData(data: Uint8Array, password: string): Promise<Uint8Array> {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const sealed = nacl.secretbox(data, nonce, await deriveNaclKey(password));
  return Buffer.concat([Buffer.from('$NACL', 'latin1'), nonce, sealed]);
}
