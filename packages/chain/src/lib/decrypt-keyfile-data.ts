import nacl from 'tweetnacl';

import { deriveNaclKey } from './derive-nacl-key.js';
import { WalletError, WrongPasswordError } from './errors.js';
import { keyfileFormat } from './keyfile-format.js';

const NACL_PREFIX_LENGTH = '$NACL'.length;

/**
 * Decrypt a btwallet `$NACL` keyfile: `"$NACL" | nonce(24) | secretbox(json)` with an Argon2i key.
 * Legacy Ansible Vault and Fernet files are refused with the way to convert them.
 */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  keyfilePath = 'keyfile',
): Promise<Uint8Array> {
  const format = keyfileFormat(data);
  if (format === 'ansible-vault' || format === 'fernet') {
    throw new WalletError(
      `${keyfilePath} uses a legacy encryption (${format}) that is not supported. Regenerate the key from its ` +
        'mnemonic with a current btcli (`btcli wallet regen-coldkey`), which writes the $NACL format.',
    );
  }
  if (format !== 'nacl')
    throw new WalletError(`${keyfilePath} is not encrypted (no $NACL prefix); read it as plain JSON`);
  const nonceEnd = NACL_PREFIX_LENGTH + nacl.secretbox.nonceLength;
  if (data.length < nonceEnd + nacl.secretbox.overheadLength) {
    throw new WalletError(`${keyfilePath} is truncated: too short for a $NACL keyfile`);
  }
  const key = await deriveNaclKey(password);
  const opened = nacl.secretbox.open(
    data.subarray(nonceEnd),
    data.subarray(NACL_PREFIX_LENGTH, nonceEnd),
    key,
  );
  if (!opened) throw new WrongPasswordError(`Wrong password for ${keyfilePath} (or the file is corrupted)`);
  return opened;
}
