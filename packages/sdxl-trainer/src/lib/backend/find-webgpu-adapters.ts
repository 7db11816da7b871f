import { findVulkanDrivers } from './find-vulkan-drivers.js';
import { isSoftwareAdapter } from './is-software-adapter.js';

/** The part of npm `webgpu` (Dawn's Node binding) pixel uses. */
interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

/** An adapter Dawn offered, with the `GPU` object that made it. */
export interface FoundWebGPUAdapter {
  gpu: GPU;
  adapter: GPUAdapter;
  /** The native API Dawn drives it through: `hardware` is Vulkan, Metal or D3D12. */
  api: 'hardware' | 'opengles';
  software: boolean;
}

/**
 * The WebGPU adapters Dawn (npm `webgpu`) finds, best first: the hardware one (Vulkan on Linux when a Vulkan
 * driver is installed; Metal on macOS; D3D12 on Windows), then, if `includeOpenGLES`, Dawn's OpenGL ES
 * backend in compatibility mode, which finds Mesa's llvmpipe on a machine without a GPU (EGL's
 * `surfaceless` platform; Debian `libegl1 libegl-mesa0 libgl1-mesa-dri`). `reasons` says why each kind is
 * missing.
 */
export async function findWebGPUAdapters({
  includeOpenGLES,
}: {
  includeOpenGLES: boolean;
}): Promise<{ adapters: FoundWebGPUAdapter[]; reasons: string[] }> {
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch (error) {
    const reason = `the npm package webgpu (Dawn) failed to load: ${(error as Error).message.split('\n')[0]}`;
    return { adapters: [], reasons: [reason] };
  }
  // Dawn's WebGPU objects (GPUBufferUsage, ...) are globals in a browser; tfjs-backend-webgpu reads them there.
  Object.assign(globalThis, dawn.globals);
  const adapters: FoundWebGPUAdapter[] = [];
  const reasons: string[] = [];
  if (process.platform === 'linux' && findVulkanDrivers().length === 0) {
    // Asking Dawn anyway would print "Couldn't load Vulkan" on every machine without a GPU driver.
    reasons.push(
      'no Vulkan driver is installed (no ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d)',
    );
  } else {
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter) adapters.push({ gpu, adapter, api: 'hardware', software: isSoftwareAdapter(adapter.info) });
    else reasons.push('Dawn found no hardware GPU adapter');
  }
  if (includeOpenGLES) {
    // EGL picks its platform when Dawn first opens it; without a display, only "surfaceless" works.
    process.env.EGL_PLATFORM ??= 'surfaceless';
    const gpu = dawn.create(['backend=opengles']);
    const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
    if (adapter) adapters.push({ gpu, adapter, api: 'opengles', software: isSoftwareAdapter(adapter.info) });
    else
      reasons.push(
        'no OpenGL ES adapter (install the EGL and Mesa drivers: on Debian/Ubuntu `apt-get install libegl1 ' +
          'libegl-mesa0 libgl1-mesa-dri`)',
      );
  }
  return { adapters, reasons };
}
