/** Which TensorFlow.js backend to run on; `auto` picks the fastest that loads. */
export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';

/** A backend that could not be used, and why. */
export interface UnavailableBackend {
  choice: Exclude<BackendChoice, 'auto'>;
  packageName: string;
  reason: string;
}

/** The backend `selectBackend` activated. */
export interface SelectedBackend {
  choice: Exclude<BackendChoice, 'auto'>;
  /** The tfjs backend name now active in @tensorflow/tfjs-core (`tensorflow`, `webgpu`, `wasm` or `cpu`). */
  backendName: string;
  packageName: string;
  /** Faster backends that were tried first and could not be used. */
  unavailable: UnavailableBackend[];
  /** The WebGPU adapter, when the backend is `webgpu`. */
  adapter?: WebGPUAdapterDescription;
  /** One short line: what runs (and, for webgpu, on which adapter); `pixel doctor` explains the others. */
  summary: string;
}

/** The WebGPU adapter a `webgpu` backend runs on, as Dawn reports it. */
export interface WebGPUAdapterDescription {
  /** Vendor, device and driver description, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) OpenGL ES 3.2 Mesa 22.3.6". */
  name: string;
  /** The native API Dawn drives it through: `hardware` is Vulkan, Metal or D3D12. */
  api: 'hardware' | 'opengles';
  /** A CPU rasteriser (Mesa llvmpipe, SwiftShader): correct, but slower than the cpu backend. */
  software: boolean;
  /** The largest storage buffer one shader may bind: no tensor can be larger. */
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

export interface SelectBackendOptions {
  /** Receives the one-line summary; default writes it to stderr. Pass `false` for silence. */
  log?: ((line: string) => void) | false;
}

/** How fast a backend is here (see measureBackend). */
export interface BackendMeasurement {
  /** A float32 512 x 512 matMul, in GFLOP/s. */
  matMulGflops: number;
  /** The median training step of a 2 M-parameter SDXL-shaped UNet at 16x16 latents, 77 tokens, batch 1. */
  trainingStepMs: number;
}

/** One backend as `diagnoseBackends` found it. */
export interface BackendDiagnosis {
  choice: Exclude<BackendChoice, 'auto'>;
  packageName: string;
  description: string;
  /** Whether `auto` may pick it (wasm, with its 4 GB cap, only runs by name). */
  auto: boolean;
  available: boolean;
  /** Why it is unavailable, and how to enable it. */
  reason?: string;
  adapter?: WebGPUAdapterDescription;
  measurement?: BackendMeasurement;
}
