import { readFileSync } from 'node:fs';
import { PixelError } from '@pixel/constraints';
import { createRequire } from 'node:module';
import type { Argv, CommandModule } from 'yargs';
import { commandModules } from './commands/index.js';
import type { CommandContext } from './lib/context.js';
import { loadDotEnv } from './lib/env.js';
import { LOG_LEVELS, createLogger } from './lib/logger.js';
import { redactSecrets } from './lib/redact-secrets.js';
import { secretFlagValues } from './lib/secret-flag-values.js';
import { secretValues } from './lib/secret-values.js';
import { Terminal } from './lib/terminal.js';
import { unknownArgumentsReport } from './lib/unknown-arguments-report.js';

// yargs' ESM build wraps help text with a stand-in that cuts words in half ("publ\nish"); its
// CommonJS build wraps on word boundaries, so load that one.
const createYargs = createRequire(import.meta.url)('yargs/yargs') as (args: string[]) => Argv;

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  interactive?: boolean;
  /** The command set; every `pixel` command by default. Embedders may add their own. */
  commands?: (ctx: CommandContext) => CommandModule[];
  /**
   * The program the user ran, where messages point to help: `pixel` by default; `pixel-train` and
   * `pixel-upload` run a `pixel` command under their own name.
   */
  programName?: string;
}

export const CLI_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Help never gets wider than this, even on a wide terminal, to stay readable. */
const MAX_HELP_WIDTH = 120;
/** Width when output is not a terminal (a pipe or a file). */
const DEFAULT_HELP_WIDTH = 80;

/**
 * Exit codes: 1 when a command failed, 2 when the command line (or a value in it) was wrong, 3 when a
 * service did not answer; a `PixelError` carries its own (`UsageError` 2, `UnavailableError` 3).
 */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

/** The declared option names (and aliases) of the parser's current command, as yargs keeps them. */
interface YargsOptionsOf {
  getOptions(): { key: Record<string, unknown> };
}

/** yargs found the command line wrong: reported as usage, exit code 2, and the command does not run. */
class CommandLineError extends Error {}

/**
 * A value check of an option (its `coerce`) refused the value: yargs rethrows its error as a YError, which
 * keeps only the message. Reported like a UsageError thrown by a command's own value checks: exit code 2.
 */
function isRefusedValue(error: unknown): error is Error {
  return error instanceof Error && error.name === 'YError';
}

/** Usage errors in a stable order: what was wrong first, then the "Did you mean" hints, then where help is. */
function usageReport(messages: readonly string[], programName: string): string {
  const unique = [...new Set(messages)];
  const hints = unique.filter((m) => m.startsWith('Did you mean'));
  const problems = unique.filter((m) => !hints.includes(m));
  return [...problems, ...hints, `Run \`${programName} --help\` for usage.`].join('\n') + '\n';
}

/**
 * Runs `pixel` with these arguments and returns the exit code. Process globals are only the
 * defaults, so tests run the real command in-process with their own streams and environment.
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let envFile: string | undefined;
  try {
    envFile = loadDotEnv(cwd, env);
  } catch (error) {
    // No logger yet: its secrets may live in the file that could not be read.
    stderr.write(`${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const programName = io.programName ?? 'pixel';
  // Tokens and passwords typed as flags (`--hub_token hf_…`) are as secret as those in the environment.
  const secrets = [...secretValues(env), ...secretFlagValues(argv)];

  // The logger exists before yargs parses, so the level is read from argv directly; yargs then
  // rejects a level that is not one of LOG_LEVELS.
  const requestedLevel = flagValue(argv, '--log-level') ?? env.PIXEL_LOG_LEVEL ?? 'info';
  const level = LOG_LEVELS.find((l) => l === requestedLevel) ?? 'info';
  // Progress bars are drawn on stdout; log lines that reach the same terminal are printed above them.
  const terminal = new Terminal(stdout);
  const logger = createLogger({
    level,
    secrets,
    destination: terminal.logStream(stderr),
    pretty: Boolean((stderr as { isTTY?: boolean }).isTTY),
    colorize: !env.NO_COLOR,
  });
  logger.debug({ argv: [...argv], cwd, envFile }, 'pixel %s starting', CLI_VERSION);

  const ctx: CommandContext = {
    logger,
    env,
    cwd,
    stdout,
    terminal,
    interactive:
      io.interactive ??
      Boolean((process.stdin as { isTTY?: boolean }).isTTY && (stdout as { isTTY?: boolean }).isTTY),
  };

  const usageErrors: string[] = [];
  const columns = (stdout as { columns?: number }).columns;
  const parser = createYargs([...argv])
    .scriptName('pixel')
    .usage(
      '$0 <command> [options]\n\nTools for subnet 17 (pixel) miners: build a dataset, fine-tune SDXL, publish and evaluate.',
    )
    .option('log-level', {
      choices: LOG_LEVELS,
      default: 'info',
      describe:
        'Log verbosity (also PIXEL_LOG_LEVEL). Logs go to stderr: pretty on a terminal, JSON lines otherwise.',
      global: true,
    })
    .command((io.commands ?? commandModules)(ctx))
    .demandCommand(1, `Name a command; \`${programName} --help\` lists them.`)
    .strict()
    .recommendCommands()
    .version(CLI_VERSION)
    .alias('h', 'help')
    .wrap(Math.min(MAX_HELP_WIDTH, columns ?? DEFAULT_HELP_WIDTH))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message: string | undefined, error: Error | undefined) => {
      // A command that threw: handled below, with the other failures.
      if (error) throw error;
      // yargs names an unknown flag by its internal keys (`num-sample, numSample`): show it as typed, with
      // the closest flag of the command that failed (its options are the parser's now; getOptions is
      // yargs 17 API that @types/yargs leaves out).
      const known = Object.keys((parser as unknown as YargsOptionsOf).getOptions().key);
      usageErrors.push(...unknownArgumentsReport(message ?? 'Invalid command line.', argv, known));
      // yargs suggests a command ("Did you mean list?") before it reports the unknown argument:
      // keep the hint and wait for that report. Anything else stops here, before a handler runs.
      if (!message?.startsWith('Did you mean')) throw new CommandLineError(message);
    });

  try {
    await parser.parseAsync([...argv], {}, (_error: Error | undefined, _parsed: unknown, output: string) => {
      // --help and --version text; keep the line ending the shell prompt expects.
      if (output) stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    });
    return 0;
  } catch (error) {
    if (error instanceof CommandLineError) {
      stderr.write(redactSecrets(usageReport(usageErrors, programName), secrets));
      return EXIT_USAGE;
    }
    logger.error(error instanceof Error ? error.message : String(error));
    logger.debug({ err: error }, 'stack trace');
    if (isRefusedValue(error)) return EXIT_USAGE;
    return error instanceof PixelError ? error.exitCode : EXIT_FAILURE;
  } finally {
    logger.flush();
  }
}
