import { pino, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';
import { REDACTED, redactSecrets } from './redact-secrets.js';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Secret values (tokens, passwords) to blank out of every line, wherever they appear. */
  secrets: readonly string[];
  /** Where lines go; stderr by default so stdout stays clean for command output. */
  destination?: NodeJS.WritableStream;
  /** Pretty human output; defaults to whether the destination is a TTY. JSON lines otherwise. */
  pretty?: boolean;
  /** Colours in pretty output (off for NO_COLOR). Defaults to on. */
  colorize?: boolean;
}

/**
 * A pino logger for the CLI. Secrets are removed from the serialized line (hooks.streamWrite), so
 * a token is caught anywhere: in an error message, a URL or a field nobody thought of, in both
 * JSON and pretty output (pretty output is rendered from the already-redacted JSON).
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const pretty = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  const secrets = [...options.secrets];
  const pinoOptions = {
    level: options.level,
    // Secrets that never were in the environment (a token typed as a flag) are caught by field name.
    redact: {
      paths: ['token', '*.token', 'password', '*.password', '*.headers.authorization'],
      censor: REDACTED,
    },
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
  };
  if (!pretty) return pino(pinoOptions, destination);
  // pino-pretty as a synchronous stream (no worker thread), so short commands lose no lines on exit.
  const stream = pinoPretty({
    colorize: options.colorize ?? true,
    destination,
    sync: true,
    ignore: 'pid,hostname',
    translateTime: 'SYS:HH:MM:ss',
  });
  return pino(pinoOptions, stream);
}
