import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { commandModules } from './commands/index.js';
import type { CommandContext } from './lib/context.js';
import { loadDotEnv, secretValues } from './lib/env.js';
import { LOG_LEVELS, createLogger } from './lib/logger.js';
import type { LevelWithSilent } from 'pino';

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  interactive?: boolean;
}

export const CLI_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function argValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/**
 * Runs `pixel` with these arguments and returns the exit code. Nothing here touches process
 * globals unless they are the defaults, so tests run the real command in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  loadDotEnv(cwd, env);

  // The logger exists before yargs parses, so the level is read from argv directly.
  const requestedLevel = argValue(argv, '--log-level') ?? env.PIXEL_LOG_LEVEL ?? 'info';
  const level = (LOG_LEVELS as readonly string[]).includes(requestedLevel) ? (requestedLevel as LevelWithSilent) : 'info';
  const logger = createLogger({
    level,
    secrets: secretValues(env),
    destination: stderr,
    pretty: io.stderr ? false : undefined,
  });
  const ctx: CommandContext = {
    logger,
    env,
    cwd,
    stdout,
    interactive: io.interactive ?? Boolean((process.stdin as { isTTY?: boolean }).isTTY && (stdout as { isTTY?: boolean }).isTTY),
  };

  let exitCode = 0;
  const parser = yargs([...argv])
    .scriptName('pixel')
    .usage('$0 <command> [options]\n\nTools for subnet 17 (pixel) miners: build a dataset, fine-tune SDXL, publish and evaluate.')
    .option('log-level', {
      choices: LOG_LEVELS,
      default: 'info',
      describe: 'Log verbosity (also PIXEL_LOG_LEVEL). Logs go to stderr: pretty on a terminal, JSON lines otherwise.',
      global: true,
    })
    .command(commandModules(ctx))
    .demandCommand(1, 'Name a command; `pixel --help` lists them.')
    .strict()
    .recommendCommands()
    .version(CLI_VERSION)
    .alias('h', 'help')
    .wrap(Math.min(120, (stdout as { columns?: number }).columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      stderr.write(`${message}\nRun with --help for usage.\n`);
      exitCode = 2;
    });
  parser.showHelpOnFail(false);

  try {
    await parser.parseAsync(argv, {}, (err, _argv, output) => {
      if (output && !err) stdout.write(`${output}\n`);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: error }, message);
    exitCode = exitCode || 1;
  }
  logger.flush();
  return exitCode;
}
