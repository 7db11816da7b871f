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
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`Cannot read ${file} (${reason}): make it a readable file or remove it.`, {
      cause: error,
    });
  }
  const parsed = parse(content);
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
