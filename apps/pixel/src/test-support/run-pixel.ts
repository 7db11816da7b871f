import { rm } from 'node:fs/promises';
import { createTemporaryDirectory } from '@pixel-tools/test-support';
import type { CommandModule } from 'yargs';
import { runCli } from '../cli.js';
import type { CommandContext } from '../lib/context.js';
import { captureStream } from './capture-stream.js';

export interface PixelRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PixelRunOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to a fresh empty directory, so no developer's .env leaks into a test. */
  cwd?: string;
  stdout?: { isTTY?: boolean; columns?: number };
  stderr?: { isTTY?: boolean; columns?: number };
  commands?: (ctx: CommandContext) => CommandModule[];
  /** The program the user ran, for messages (`pixel-train`, `pixel-upload`); `pixel` by default. */
  programName?: string;
}

/** Runs the real `pixel` in-process with captured output and its own environment. */
export async function runPixel(argv: string[], options: PixelRunOptions = {}): Promise<PixelRun> {
  const stdout = captureStream(options.stdout);
  const stderr = captureStream(options.stderr);
  const emptyDir = options.cwd ? undefined : await createTemporaryDirectory('cli');
  try {
    const code = await runCli(argv, {
      env: options.env ?? {},
      cwd: options.cwd ?? emptyDir,
      stdout: stdout.stream,
      stderr: stderr.stream,
      interactive: false,
      ...(options.commands ? { commands: options.commands } : {}),
      ...(options.programName ? { programName: options.programName } : {}),
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    if (emptyDir) await rm(emptyDir, { recursive: true, force: true });
  }
}
