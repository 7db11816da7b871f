import type { Logger } from './logger.js';
import type { Terminal } from './terminal.js';

/** What every command receives: no globals, so commands are testable in-process. */
export interface CommandContext {
  logger: Logger;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Command output for people and scripts (tables, summaries); logs go to the logger. */
  stdout: NodeJS.WritableStream;
  /** Whether stdin/stdout are an interactive terminal (prompts and progress bars only then). */
  interactive: boolean;
  /** stdout as a terminal: where progress bars are drawn, with the log lines printed above them. */
  terminal: Terminal;
}
