import { readFile } from 'node:fs/promises';

import type { KeyfileData, PasswordSource } from '../types/public.js';
import { decryptKeyfileData } from './decrypt-keyfile-data.js';
import { WalletError, WrongPasswordError } from './errors.js';
import { keyfileFormat } from './keyfile-format.js';
import { keyfilePasswordEnvVar } from './keyfile-password-env-var.js';
import { readKeyfilePasswordFromEnv } from './read-keyfile-password-from-env.js';

export interface ReadKeyfileOptions {
  /**
   * For encrypted keyfiles; otherwise the btwallet env variable (`BT_PW_<path>`) is tried, which holds
   * btcli's encoded form of the password (see `keyfilePasswordEnvEntry`), not the password.
   */
  password?: PasswordSource;
  env?: NodeJS.ProcessEnv;
}

function parseKeyfileJson(bytes: Uint8Array, filePath: string): KeyfileData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new WalletError(
      `${filePath} is neither JSON nor a $NACL-encrypted keyfile: not a Bittensor keyfile`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WalletError(`${filePath} is not a Bittensor keyfile: expected a JSON object`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value !== 'string') {
      throw new WalletError(`${filePath} is not a Bittensor keyfile: field ${key} is not a string`);
    }
  }
  return parsed as KeyfileData;
}

/** Read a btwallet keyfile, decrypting it if it is `$NACL`-encrypted. */
export async function readKeyfileData(
  filePath: string,
  options: ReadKeyfileOptions = {},
): Promise<KeyfileData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WalletError(
        `No keyfile at ${filePath}. Create the wallet (btcli wallet create, or createWallet) or check --wallet.path, --wallet.name and --wallet.hotkey.`,
      );
    }
    throw new WalletError(`Cannot read keyfile ${filePath}: ${(error as Error).message}`);
  }
  if (keyfileFormat(bytes) === 'json') return parseKeyfileJson(bytes, filePath);

  const { password: given, env = process.env } = options;
  const fromEnv = given === undefined ? readKeyfilePasswordFromEnv(filePath, env) : undefined;
  const password = typeof given === 'function' ? await given() : (given ?? fromEnv);
  const variable = keyfilePasswordEnvVar(filePath);
  if (password === undefined) {
    throw new WalletError(
      `${filePath} is encrypted: give its password (prompt or option), or set ${variable} to btcli's encoded form of it.`,
    );
  }
  try {
    return parseKeyfileJson(await decryptKeyfileData(bytes, password, filePath), filePath);
  } catch (error) {
    // People put the password itself there: say what the variable must hold instead of "wrong password".
    if (!(error instanceof WrongPasswordError) || fromEnv === undefined) throw error;
    throw new WalletError(
      `${variable} does not decrypt ${filePath}: the variable must hold btcli's encoded form of the password ` +
        "(base64 of the password XOR'd with the variable's name, what btwallet's Keyfile.save_password_to_env " +
        'sets and returns; keyfilePasswordEnvEntry in @pixel/chain computes it), not the password itself. ' +
        'Set it to that form, or unset it and give the password another way (the password option or promptPassword).',
      { cause: error },
    );
  }
}
