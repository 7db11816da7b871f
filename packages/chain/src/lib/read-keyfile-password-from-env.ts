import { keyfilePasswordEnvVar } from './keyfile-password-env-var.js';
import { xorWithName } from './xor-with-name.js';

/** The password btwallet's `save_password_to_env` stored for this keyfile (base64 of password XOR name), if any. */
export function readKeyfilePasswordFromEnv(
  keyfilePath: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const name = keyfilePasswordEnvVar(keyfilePath);
  const value = env[name];
  if (!value) return undefined;
  return new TextDecoder().decode(xorWithName(Buffer.from(value, 'base64'), name));
}
