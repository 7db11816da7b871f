import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { nodeArgsToRunTypeScript } from './node-args-to-run-typescript.js';

export interface SpawnTypeScriptOptions {
  cwd?: string;
  /** The child's environment; this process's by default. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts `node` on a TypeScript file of this repository in a process of its own (see nodeArgsToRunTypeScript),
 * with stdout and stderr piped, for what only another process can show: SIGKILL, exit codes, signals.
 */
export function spawnTypeScript(
  file: string,
  args: readonly string[] = [],
  options: SpawnTypeScriptOptions = {},
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, nodeArgsToRunTypeScript(file, args), {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
