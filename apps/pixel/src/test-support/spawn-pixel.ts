import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { nodeArgsToRunTypeScript } from '@pixel-tools/test-support';

const PIXEL_BIN = fileURLToPath(new URL('../bin/pixel.ts', import.meta.url));

export interface SpawnPixelOptions {
  cwd: string;
  /** The child's whole environment (PATH is added). */
  env?: NodeJS.ProcessEnv;
  /** Run as this user and group (a root test process dropping its privileges). */
  uid?: number;
  gid?: number;
  /** A command the node process runs under, e.g. `unshare ... sh -c '...; exec "$@"' sh`. */
  wrapper?: string[];
}

export interface PixelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedPixel {
  child: ChildProcess;
  /** The messages of the JSON log lines so far. */
  messages: string[];
  /** Resolves with the first log message (so far or later) that matches; rejects if the process ends first. */
  logged(pattern: RegExp): Promise<string>;
  exited: Promise<PixelExit>;
}

/**
 * Runs the real `pixel` from its TypeScript sources in a process of its own, as a user runs it, for what an
 * in-process run cannot show: signals, another user, another mount namespace. Logs are JSON lines on stderr.
 */
export function spawnPixel(argv: string[], options: SpawnPixelOptions): SpawnedPixel {
  const command = [...(options.wrapper ?? []), process.execPath, ...nodeArgsToRunTypeScript(PIXEL_BIN, argv)];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const messages: string[] = [];
  const waiters: { pattern: RegExp; resolve: (message: string) => void }[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    if (!line.startsWith('{')) return;
    const message = (JSON.parse(line) as { msg: string }).msg;
    messages.push(message);
    for (const waiter of waiters.filter(({ pattern }) => pattern.test(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const exited = new Promise<PixelExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    messages,
    logged: (pattern) => {
      const seen = messages.find((message) => pattern.test(message));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then(({ code, signal }) =>
          reject(
            new Error(`pixel ended (code ${code}, signal ${signal}) without logging ${pattern}:\n${stderr}`),
          ),
        );
      });
    },
    exited,
  };
}
