import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { readFileSync } from 'node:fs';

/** Environment variables whose values must never reach a log line. */
export const SECRET_ENV_VARS = ['HF_ACCESS_TOKEN', 'HF_TOKEN', 'BT_COLDKEY_PASSWORD'] as const;

/**
 * Loads `.env` from the working directory into `env` without overriding variables already set
 * (the shell wins, as with python-dotenv in the reference). Returns the file used, if any.
 */
export function loadDotEnv(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return undefined;
  const parsed = parse(readFileSync(file));
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}

/** Values of secret variables present in `env`, plus any `BT_PW_*` coldkey password variables. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const names = [...SECRET_ENV_VARS, ...Object.keys(env).filter((k) => k.startsWith('BT_PW_'))];
  return names.map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
