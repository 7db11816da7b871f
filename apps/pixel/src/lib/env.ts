import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

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
