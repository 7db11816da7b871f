export { runCli, CLI_VERSION, type CliIo } from './cli.js';
export type { CommandContext } from './lib/context.js';
export { createLogger, redactSecrets, type Logger, type LoggerOptions } from './lib/logger.js';
export { loadDotEnv, secretValues } from './lib/env.js';
