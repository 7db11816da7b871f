/** Which TensorFlow.js backend to run on; `auto` picks the fastest that loads. */
export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** A backend that could not be used, and why. */
export interface UnavailableBackend {
  choice: Exclude<BackendChoice, 'auto'>;
  packageName: string;
  reason: string;
}

/** The backend `selectBackend` activated. */
export interface SelectedBackend {
  choice: Exclude<BackendChoice, 'auto'>;
  /** The tfjs backend name now active in @tensorflow/tfjs-core (`tensorflow`, `wasm` or `cpu`). */
  backendName: string;
  packageName: string;
  /** Faster backends that were tried first and could not be used. */
  unavailable: UnavailableBackend[];
  /** One line: what was chosen and why the faster ones were unavailable. */
  summary: string;
}

export interface SelectBackendOptions {
  /** Receives the one-line summary; default writes it to stderr. Pass `false` for silence. */
  log?: ((line: string) => void) | false;
}
