import { pino, type Logger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Secret values (tokens, passwords) to blank out of every line, wherever they appear. */
  secrets: readonly string[];
  /** Pretty human output; defaults to whether stderr is a TTY. JSON lines otherwise. */
  pretty?: boolean;
  /** Where lines go; stderr by default so stdout stays clean for command output. */
  destination?: NodeJS.WritableStream;
}

const REDACTED = '[redacted]';

/**
 * Replaces each secret in a serialized line. Runs on the final text, so a secret is caught
 * even inside an error message or a URL, not only at known object paths.
 */
export function redactSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    // Short values would blank out ordinary words; real tokens are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  const secrets = [...options.secrets];
  const pinoOptions = {
    level: options.level,
    redact: { paths: ['token', '*.token', 'password', '*.password', 'headers.authorization', '*.headers.authorization'], censor: REDACTED },
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
  };
  if (pretty) {
    // pino-pretty as a synchronous stream (no worker thread), so short commands lose no lines on exit.
    const stream = pinoPretty({
      colorize: true,
      destination: options.destination ?? process.stderr,
      sync: true,
      ignore: 'pid,hostname',
    });
    return pino(pinoOptions, stream);
  }
  return pino(pinoOptions, options.destination ?? process.stderr);
}
