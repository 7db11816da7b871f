import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  BackendChoice,
  SelectBackendOptions,
  SelectedBackend,
  UnavailableBackend,
} from '../../types/backend.js';
import { BackendUnavailableError } from './errors.js';
import { findNativeBinding } from './find-native-binding.js';
import { guardWasmMemory } from './guard-wasm-memory.js';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels.js';

type ConcreteChoice = Exclude<BackendChoice, 'auto'>;

interface Candidate {
  choice: ConcreteChoice;
  packageName: string;
  backendName: string;
  description: string;
  /** How a user turns this backend on when its native part is missing. */
  enable: string;
  /** Whether `auto` tries it; otherwise it is used only when asked for by name. */
  auto: boolean;
}

/** Fastest first: CUDA libtensorflow, CPU libtensorflow, WebAssembly (by name only), then pure JavaScript. */
const CANDIDATES: readonly Candidate[] = [
  {
    choice: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    backendName: 'tensorflow',
    description: 'libtensorflow with CUDA',
    enable:
      'on a Linux machine with CUDA 11.2 + cuDNN 8.1, allow its build (pnpm approve-builds, or list it in ' +
      'pnpm.onlyBuiltDependencies) and run `pnpm rebuild @tensorflow/tfjs-node-gpu`',
    auto: true,
  },
  {
    choice: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    backendName: 'tensorflow',
    description: 'libtensorflow on the CPU',
    enable:
      'allow its build (pnpm approve-builds, or list it in pnpm.onlyBuiltDependencies) and run ' +
      '`pnpm rebuild @tensorflow/tfjs-node`',
    auto: true,
  },
  {
    choice: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    backendName: 'wasm',
    description: 'WebAssembly with XNNPACK, one thread',
    enable: 'reinstall dependencies (`pnpm install`)',
    // ~3x faster than cpu at training a medium UNet, but every tensor lives in one 32-bit WebAssembly
    // memory of at most 4 GB: a full-size SDXL UNet (10 GB in float32) does not fit, so `auto` cannot
    // choose it before knowing the model.
    auto: false,
  },
  {
    choice: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    backendName: 'cpu',
    description: 'pure JavaScript',
    enable: 'reinstall dependencies (`pnpm install`)',
    auto: true,
  },
];

/**
 * Activates a TensorFlow.js backend on this package's `@tensorflow/tfjs-core` and reports in one line what
 * it chose and why faster ones were unavailable. `auto` tries tfjs-node-gpu, then tfjs-node, then the
 * pure-JS cpu backend; an explicit choice that cannot load throws a BackendUnavailableError. `wasm`
 * (tfjs-backend-wasm, with registerWasmTrainingKernels so it can train) is used only when named: ~3x faster
 * than cpu on a medium UNet step, but limited to 4 GB of tensors.
 *
 * tfjs-node and tfjs-node-gpu are optional and imported only here, dynamically, and only when their
 * native addon exists. They register the `tensorflow` backend with the @tensorflow/tfjs-core they
 * import; that must be the same copy the models use, which it is when the versions match exactly (pnpm
 * then links one copy). A mismatch is detected and reported instead of silently running on the wrong
 * engine.
 */
export async function selectBackend(
  choice: BackendChoice = 'auto',
  options: SelectBackendOptions = {},
): Promise<SelectedBackend> {
  const candidates = CANDIDATES.filter((c) => (choice === 'auto' ? c.auto : c.choice === choice));
  if (candidates.length === 0) {
    throw new BackendUnavailableError(
      `Unknown backend "${choice}". Valid backends: auto, ${CANDIDATES.map((c) => c.choice).join(', ')}.`,
    );
  }
  const unavailable: UnavailableBackend[] = [];
  for (const candidate of candidates) {
    const reason = await activate(candidate);
    if (reason === undefined) {
      const summary = describe(candidate, unavailable);
      if (options.log !== false) (options.log ?? ((line: string) => console.error(line)))(summary);
      return {
        choice: candidate.choice,
        backendName: candidate.backendName,
        packageName: candidate.packageName,
        unavailable,
        summary,
      };
    }
    unavailable.push({ choice: candidate.choice, packageName: candidate.packageName, reason });
  }
  const [failed] = unavailable;
  throw new BackendUnavailableError(
    `Backend "${choice}" (${failed!.packageName}) is unavailable: ${failed!.reason}` +
      (choice === 'cpu' ? '' : ' Use --backend auto or cpu to run without it.'),
  );
}

/** Loads and activates one candidate; returns why it cannot be used, or undefined on success. */
async function activate(candidate: Candidate): Promise<string | undefined> {
  if (candidate.backendName === 'tensorflow') {
    const binding = findNativeBinding(candidate.packageName);
    if (!binding.installed) {
      return `${candidate.packageName} is not installed (an optional dependency); to use it, install it and ${candidate.enable}.`;
    }
    if (!binding.built) {
      return (
        `${candidate.packageName} is installed but its native addon was not built (its install script, which ` +
        `downloads libtensorflow, did not run); to enable it, ${candidate.enable}.`
      );
    }
  }
  try {
    await import(/* webpackIgnore: true */ candidate.packageName);
  } catch (error) {
    return `${candidate.packageName} failed to load: ${firstLine(error)}; to fix it, ${candidate.enable}.`;
  }
  if (!tf.findBackendFactory(candidate.backendName)) {
    return (
      `${candidate.packageName} registered its backend with a different copy of @tensorflow/tfjs-core than ` +
      `this package uses (${tf.version_core}); install the same version of both so they share one copy.`
    );
  }
  if (candidate.backendName === 'wasm') registerWasmTrainingKernels();
  try {
    if (!(await tf.setBackend(candidate.backendName)))
      return `the ${candidate.backendName} backend failed to initialise.`;
    await tf.ready();
  } catch (error) {
    return `the ${candidate.backendName} backend failed to initialise: ${firstLine(error)}.`;
  }
  if (candidate.backendName === 'cpu') silenceNodeBackendAdvert();
  if (candidate.backendName === 'wasm') guardWasmMemory(tf.backend() as BackendWasm);
  return undefined;
}

/**
 * The cpu backend prints a multi-line "install tfjs-node" advert on first use in Node.js; the one-line
 * summary already says why tfjs-node is not used and how to enable it, so the advert is switched off.
 */
function silenceNodeBackendAdvert(): void {
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse !== undefined) backend.firstUse = false;
}

function describe(chosen: Candidate, unavailable: readonly UnavailableBackend[]): string {
  const because = unavailable.length
    ? ` Faster backends unavailable: ${unavailable.map((u) => `${u.choice}: ${u.reason}`).join(' ')}`
    : '';
  return `Backend: ${chosen.choice} (${chosen.packageName}, ${chosen.description}).${because}`;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .replace(/\.$/, '');
}
