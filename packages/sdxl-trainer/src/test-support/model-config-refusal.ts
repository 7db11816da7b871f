import { ModelConfigError } from '../lib/model-config/model-config-error.js';

/** The ModelConfigError `resolve` throws; fails the test when it throws nothing or something else. */
export function modelConfigRefusal(resolve: () => unknown): ModelConfigError {
  try {
    resolve();
  } catch (error) {
    if (error instanceof ModelConfigError) return error;
    throw new Error(`expected a ModelConfigError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ModelConfigError, but the config was accepted');
}
