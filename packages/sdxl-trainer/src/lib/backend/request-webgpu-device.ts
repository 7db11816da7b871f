import type { WebGPUAdapterDescription } from '../../types/backend.js';
import { findVulkanDrivers } from './find-vulkan-drivers.js';
import { isSoftwareAdapter } from './is-software-adapter.js';

/** The part of npm `webgpu` (Dawn's Node binding) pixel uses. */
interface DawnModule {
  create(options: string[]): GPU;
  globals: Record<string, unknown>;
}

export interface WebGPUDevice {
  gpu: GPU;
  device: GPUDevice;
  adapterInfo: GPUAdapterInfo;
  description: WebGPUAdapterDescription;
}

/** Either a device, or why none could be had (one clause per adapter tried). */
export type WebGPUDeviceResult = WebGPUDevice | { reasons: string[] };

/**
 * A WebGPU device from Dawn (npm `webgpu`): a hardware adapter first (Vulkan on Linux, when a Vulkan driver is
 * installed; Metal on macOS; D3D12 on Windows), else, if `allowSoftware`, Dawn's OpenGL ES backend in
 * compatibility mode, which finds Mesa's llvmpipe on a machine without a GPU (`EGL_PLATFORM=surfaceless`,
 * Debian `libegl1 libegl-mesa0 libgl1-mesa-dri`). The device gets the adapter's largest buffer and binding
 * limits (WebGPU's defaults are far below what training needs).
 */
export async function requestWebGPUDevice({ allowSoftware }: { allowSoftware: boolean }): Promise<WebGPUDeviceResult> {
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch (error) {
    return { reasons: [`the npm package webgpu (Dawn) failed to load: ${(error as Error).message.split('\n')[0]}`] };
  }
  // Dawn's WebGPU objects (GPUBufferUsage, ...) are globals in a browser; tfjs-backend-webgpu reads them there.
  Object.assign(globalThis, dawn.globals);
  const reasons: string[] = [];
  const hardware = await hardwareAdapter(dawn, reasons);
  if (hardware) return openDevice(hardware, 'hardware');
  if (!allowSoftware) return { reasons };
  // EGL picks its platform when Dawn first opens it; without a display, only "surfaceless" works.
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const gpu = dawn.create(['backend=opengles']);
  const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
  if (adapter) return openDevice({ gpu, adapter }, 'opengles');
  reasons.push(
    'no OpenGL ES adapter (install the EGL and Mesa drivers: on Debian/Ubuntu `apt-get install libegl1 ' +
      'libegl-mesa0 libgl1-mesa-dri`)',
  );
  return { reasons };
}

async function hardwareAdapter(
  dawn: DawnModule,
  reasons: string[],
): Promise<{ gpu: GPU; adapter: GPUAdapter } | undefined> {
  if (process.platform === 'linux' && findVulkanDrivers().length === 0) {
    reasons.push('no Vulkan driver is installed (no ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d)');
    return undefined;
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    reasons.push('Dawn found no hardware GPU adapter');
    return undefined;
  }
  if (isSoftwareAdapter(adapter.info)) {
    reasons.push(`the only adapter is a software rasteriser (${adapter.info.description || adapter.info.device})`);
    return undefined;
  }
  return { gpu, adapter };
}

async function openDevice(
  { gpu, adapter }: { gpu: GPU; adapter: GPUAdapter },
  api: WebGPUAdapterDescription['api'],
): Promise<WebGPUDevice> {
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  const info = adapter.info;
  return {
    gpu,
    device,
    adapterInfo: info,
    description: {
      name: [info.vendor, info.device, info.description].filter(Boolean).join(' ') || 'unnamed adapter',
      api,
      software: isSoftwareAdapter(info),
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
      maxBufferSize: device.limits.maxBufferSize,
    },
  };
}
