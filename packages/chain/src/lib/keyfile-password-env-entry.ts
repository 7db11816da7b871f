import { keyfilePasswordEnvVar } from './keyfile-password-env-var.js';
import { xorWithName } from './xor-with-name.js';

/** The `[name, value]` env entry btwallet's `save_password_to_env` would set, for scripts and tests. */
export function keyfilePasswordEnvEntry(keyfilePath: string, password: string): [string, string] {
  const name = keyfilePasswordEnvVar(keyfilePath);
  return [name, Buffer.from(xorWithName(new TextEncoder().encode(password), name)).toString('base64')];
}
