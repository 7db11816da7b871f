import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { access } from 'node:fs/promises';

/** The miner's commands, as installed: `pixel`, `pixel-train` and `pixel-upload`. */
export type PixelBinary = 'pixel' | 'pixel-train' | 'pixel-upload';

const PACKAGES: Record<PixelBinary, string> = {
  pixel: '@pixel/cli',
  'pixel-train': '@pixel/train-cli',
  'pixel-upload': '@pixel/upload-cli',
};

export interface PixelCommandOptions {
  /** The whole environment of the command (nothing else leaks in, so runs are reproducible). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Each output line, as it comes. */
  log?: (line: string) => void;
}

/**
 * Runs one of the built CLIs in its own process, exactly as a miner would from a shell, and returns
 * its stdout. A non-zero exit throws with the command line and the end of its stderr.
 */
export async function runPixelCommand(
  binary: PixelBinary,
  args: readonly string[],
  options: PixelCommandOptions,
): Promise<string> {
  const script = await binaryPath(binary);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split(/\r?\n|\r/);
      pending = lines.pop()!;
      for (const line of lines) {
        into.push(line);
        options.log?.(line);
      }
    });
    stream.on('end', () => {
      if (pending) {
        into.push(pending);
        options.log?.(pending);
      }
    });
  };
  collect(child.stdout, stdout);
  collect(child.stderr, stderr);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`\`${binary} ${args.join(' ')}\` exited with ${code}:\n${stderr.slice(-20).join('\n')}`);
  }
  return stdout.join('\n');
}

async function binaryPath(binary: PixelBinary): Promise<string> {
  const manifestPath = createRequire(import.meta.url).resolve(`${PACKAGES[binary]}/package.json`);
  const { bin } = createRequire(import.meta.url)(manifestPath) as { bin: Record<string, string> };
  const script = path.join(path.dirname(manifestPath), bin[binary]!);
  await access(script).catch(() => {
    throw new Error(`${script} is not built; run \`pnpm build\` (the demo runs the built commands).`);
  });
  return script;
}
