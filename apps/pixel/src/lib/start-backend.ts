import { selectBackend, type BackendChoice, type SelectedBackend } from '@pixel/sdxl-trainer';
import type { Logger } from './logger.js';

/**
 * Starts the TensorFlow.js backend a command asked for and logs one short line: which backend runs, and that
 * `pixel doctor` explains the others (why tfjs-node is not built, which GPU adapters exist, how fast each is).
 */
export function startBackend(choice: BackendChoice, logger: Logger): Promise<SelectedBackend> {
  return selectBackend(choice, {
    log: (line) => logger.info(`${line} \`pixel doctor\` explains the other backends.`),
  });
}
