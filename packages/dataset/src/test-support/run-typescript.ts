import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('../../../../test-support/register-ts.mjs', import.meta.url));

/** Starts `node` on a TypeScript file of this repo (workspace packages resolved to their sources). */
export function runTypeScript(file: string, args: readonly string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--conditions=@pixel/source', '--no-warnings', '--import', REGISTER, file, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}
