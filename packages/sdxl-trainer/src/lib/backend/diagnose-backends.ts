import type { BackendDiagnosis, WebGPUAdapterDescription } from '../../types/backend.js';
import { describeWebGPUAdapter } from './describe-webgpu-adapter.js';
import { BackendUnavailableError } from './errors.js';
import { findWebGPUAdapters } from './find-webgpu-adapters.js';
import { measureBackend } from './measure-backend.js';
import { BACKEND_CANDIDATES } from './backend-candidates.js';
import { selectBackend } from './select-backend.js';

export interface BackendsReport {
  /** Every backend, fastest first: whether it runs here, why not, and (if measured) how fast. */
  backends: BackendDiagnosis[];
  /** Every WebGPU adapter Dawn found (hardware first, then the OpenGL ES one), and why others are missing. */
  webgpu: { adapters: WebGPUAdapterDescription[]; missing: string[] };
  /** What `selectBackend('auto')` picks here. */
  auto: string;
}

/**
 * What a user needs to know before training: each backend and why it is or is not available, the WebGPU
 * adapters, what `auto` picks, and, with `measureSeconds`, a measurement of each available backend (see
 * measureBackend). Backends are activated in turn; the cpu backend is active afterwards.
 */
export async function diagnoseBackends({
  measureSeconds,
}: { measureSeconds?: number } = {}): Promise<BackendsReport> {
  const found = await findWebGPUAdapters({ includeOpenGLES: true });
  const webgpu = {
    adapters: found.adapters.map((adapter) => describeWebGPUAdapter(adapter)),
    missing: found.reasons,
  };
  const backends: BackendDiagnosis[] = [];
  for (const candidate of BACKEND_CANDIDATES) {
    const diagnosis: BackendDiagnosis = {
      choice: candidate.choice,
      packageName: candidate.packageName,
      description: candidate.description,
      auto: candidate.auto,
      available: false,
    };
    try {
      const selected = await selectBackend(candidate.choice, { log: false });
      diagnosis.available = true;
      if (selected.adapter) diagnosis.adapter = selected.adapter;
      if (measureSeconds) diagnosis.measurement = await measureBackend({ seconds: measureSeconds });
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      diagnosis.reason = error.reason;
    }
    backends.push(diagnosis);
  }
  const auto = await selectBackend('auto', { log: false });
  const report = { backends, webgpu, auto: auto.choice };
  await selectBackend('cpu', { log: false });
  return report;
}
