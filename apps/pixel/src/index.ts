export { runCli, CLI_VERSION, type CliIo } from './cli.js';
export type { CommandContext } from './lib/context.js';
export { createLogger, LOG_LEVELS, type Logger, type LoggerOptions } from './lib/logger.js';
export { redactSecrets } from './lib/redact-secrets.js';
export { loadDotEnv } from './lib/env.js';
export { secretValues, SECRET_ENV_VARS } from './lib/secret-values.js';
