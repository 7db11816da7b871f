import { UsageError } from '@pixel/constraints';

/** Which model a config describes, as messages name it. */
export type ModelConfigComponent = 'UNet' | 'VAE' | 'CLIP text';

/**
 * A model config.json field this port cannot build from: a wrong type, a value out of its allowed range, or
 * an unsupported option. Configs come from strangers (committed models, Hub repos), so every field is
 * checked before any module is built, and the message names the field and what is allowed. A UsageError:
 * the model (the input) is what needs fixing.
 */
export class ModelConfigError extends UsageError {
  constructor(
    readonly component: ModelConfigComponent,
    /** The config field at fault, as spelled in config.json. */
    readonly field: string,
    /** What is wrong and what is allowed, e.g. `is 1000000000; allowed: an integer from 1 to 16.` */
    readonly problem: string,
    /** The config.json the config came from, when it came from a file. */
    readonly file?: string,
  ) {
    super(`Invalid ${component} config${file ? ` ${file}` : ''}: "${field}" ${problem}`);
  }

  /** Runs `check` on the config read from `file`, naming the file in the ModelConfigError it may throw. */
  static inFile<T>(file: string, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof ModelConfigError && error.file === undefined) {
        throw new ModelConfigError(error.component, error.field, error.problem, file);
      }
      throw error;
    }
  }
}
