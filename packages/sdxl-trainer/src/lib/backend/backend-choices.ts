import type { BackendChoice } from '../../types/backend.js';

/** Every value `selectBackend` takes, for command-line choices: `auto` first, then fastest first. */
export const BACKEND_CHOICES = [
  'auto',
  'tensorflow-gpu',
  'webgpu',
  'tensorflow',
  'wasm',
  'cpu',
] as const satisfies readonly BackendChoice[];
