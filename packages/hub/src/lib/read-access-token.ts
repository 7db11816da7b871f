import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `HF_ACCESS_TOKEN` from the environment, else from a `.env` file in `cwd`; `undefined` when neither has it.
 * The token is returned, never printed: pass it on as `accessToken`.
 */
export async function readAccessToken(
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string | undefined> {
  const fromEnvironment = (options.env ?? process.env).HF_ACCESS_TOKEN?.trim();
  if (fromEnvironment) return fromEnvironment;
  let dotenv: string;
  try {
    dotenv = await readFile(join(options.cwd ?? process.cwd(), '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  for (const line of dotenv.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?HF_ACCESS_TOKEN\s*=\s*(.*?)\s*$/.exec(line);
    if (match) {
      const value = match[1]!.replace(/^(['"])(.*)\1$/, '$2');
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
