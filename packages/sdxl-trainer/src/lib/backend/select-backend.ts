import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import '../kernels/register-default-kernels.js';
import { registerBackendKernels } from '../kernels/register-backend-kernels.js';
import type {
  BackendChoice,
  SelectBackendOptions,
  SelectedBackend,
  UnavailableBackend,
  WebGPUAdapterDescription,
} from '../../types/backend.js';
import { BACKEND_CANDIDATES, type BackendCandidate } from './backend-candidates.js';
import { BackendUnavailableError } from './errors.js';
import { findNativeBinding } from './find-native-binding.js';
import { guardWasmMemory } from './guard-wasm-memory.js';
import { guardWebGPUBindings } from './guard-webgpu-bindings.js';
import { requestWebGPUDevice } from './request-webgpu-device.js';

/**
 * Activates a TensorFlow.js backend on this package's `@tensorflow/tfjs-core`, with pixel's kernels for it,
 * and reports in one short line what runs. `auto` tries tfjs-node-gpu, then a hardware WebGPU adapter, then
 * tfjs-node, then the cpu backend (pixel's WebAssembly kernels), and says in `unavailable` why each faster one could not be used;
 * an explicit choice that cannot load throws a BackendUnavailableError. `wasm` is used only when named
 * (limited to 4 GB of tensors), and `webgpu` by name also takes a software adapter (Mesa's llvmpipe).
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
  const candidates = BACKEND_CANDIDATES.filter((c) => (choice === 'auto' ? c.auto : c.choice === choice));
  if (candidates.length === 0) {
    throw new BackendUnavailableError(
      `Unknown backend "${choice}". Valid backends: auto, ${BACKEND_CANDIDATES.map((c) => c.choice).join(', ')}.`,
    );
  }
  const unavailable: UnavailableBackend[] = [];
  for (const candidate of candidates) {
    const activated = await activate(candidate, { allowSoftwareAdapter: choice === 'webgpu' });
    if (typeof activated !== 'string') {
      const summary = describe(candidate, activated.adapter);
      if (options.log !== false) (options.log ?? ((line: string) => console.error(line)))(summary);
      return {
        choice: candidate.choice,
        backendName: candidate.backendName,
        packageName: candidate.packageName,
        unavailable,
        ...(activated.adapter ? { adapter: activated.adapter } : {}),
        summary,
      };
    }
    unavailable.push({ choice: candidate.choice, packageName: candidate.packageName, reason: activated });
  }
  const [failed] = unavailable;
  throw new BackendUnavailableError(
    `Backend "${choice}" (${failed!.packageName}) is unavailable: ${failed!.reason}` +
      (choice === 'cpu' ? '' : ' Use --backend auto or cpu to run without it.'),
    failed!.reason,
  );
}

/** Loads and activates one candidate; returns why it cannot be used, or what it runs on. */
async function activate(
  candidate: BackendCandidate,
  { allowSoftwareAdapter }: { allowSoftwareAdapter: boolean },
): Promise<string | { adapter?: WebGPUAdapterDescription }> {
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
  let module: Record<string, unknown>;
  try {
    module = (await import(/* webpackIgnore: true */ candidate.packageName)) as Record<string, unknown>;
  } catch (error) {
    return `${candidate.packageName} failed to load: ${firstLine(error)}; to fix it, ${candidate.enable}.`;
  }
  let adapter: WebGPUAdapterDescription | undefined;
  if (candidate.backendName === 'webgpu') {
    const registered = await registerWebGPUBackend(module, allowSoftwareAdapter);
    if (typeof registered === 'string') return `${registered}; to use WebGPU, ${candidate.enable}.`;
    adapter = registered;
  }
  if (!tf.findBackendFactory(candidate.backendName)) {
    return (
      `${candidate.packageName} registered its backend with a different copy of @tensorflow/tfjs-core than ` +
      `this package uses (${tf.version_core}); install the same version of both so they share one copy.`
    );
  }
  registerBackendKernels(candidate.backendName);
  try {
    if (!(await tf.setBackend(candidate.backendName)))
      return `the ${candidate.backendName} backend failed to initialise.`;
    await tf.ready();
  } catch (error) {
    return `the ${candidate.backendName} backend failed to initialise: ${firstLine(error)}.`;
  }
  if (candidate.backendName === 'cpu') silenceNodeBackendAdvert();
  if (candidate.backendName === 'wasm') guardWasmMemory(tf.backend() as BackendWasm);
  if (adapter) guardWebGPUBindings(tf.backend(), adapter);
  return { adapter };
}

/** The adapter of the webgpu backend registered by an earlier call, so selecting it again reuses its device. */
let webgpuAdapter: WebGPUAdapterDescription | undefined;

/**
 * Registers the `webgpu` backend on a Dawn device of our choosing (tfjs-backend-webgpu's own factory asks
 * `navigator.gpu` for any adapter, which in Node does not exist). Returns the adapter, or why there is none.
 */
async function registerWebGPUBackend(
  module: Record<string, unknown>,
  allowSoftware: boolean,
): Promise<string | WebGPUAdapterDescription> {
  if (webgpuAdapter && tf.findBackendFactory('webgpu')) {
    return !allowSoftware && webgpuAdapter.software
      ? `the only WebGPU adapter is a software rasteriser (${webgpuAdapter.name})`
      : webgpuAdapter;
  }
  const found = await requestWebGPUDevice({ allowSoftware });
  if ('reasons' in found) return found.reasons.join('; ');
  // tfjs-backend-webgpu checks for navigator.gpu when it builds its backend.
  const navigator = ((globalThis as { navigator?: object }).navigator ??= {});
  Object.defineProperty(navigator, 'gpu', { value: found.gpu, configurable: true });
  const WebGPUBackend = module.WebGPUBackend as new (
    device: GPUDevice,
    info: GPUAdapterInfo,
  ) => tf.KernelBackend;
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(found.device, found.adapterInfo), 0);
  webgpuAdapter = found.description;
  return found.description;
}

/**
 * The cpu backend prints a multi-line "install tfjs-node" advert on first use in Node.js; the one-line
 * summary already says which backend runs, so the advert is switched off.
 */
function silenceNodeBackendAdvert(): void {
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if (backend.firstUse !== undefined) backend.firstUse = false;
}

function describe(chosen: BackendCandidate, adapter: WebGPUAdapterDescription | undefined): string {
  if (!adapter) return `Backend: ${chosen.choice} (${chosen.description}).`;
  const kind = adapter.software ? 'a software rasteriser, slower than the cpu backend' : 'a GPU';
  return (
    `Backend: webgpu on ${adapter.name} (${kind}; tensors up to ` +
    `${(adapter.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB).`
  );
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .replace(/\.$/, '');
}
