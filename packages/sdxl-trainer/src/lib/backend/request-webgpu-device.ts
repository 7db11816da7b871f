import type { WebGPUAdapterDescription } from '../../types/backend.js';
import { describeWebGPUAdapter } from './describe-webgpu-adapter.js';
import { findWebGPUAdapters } from './find-webgpu-adapters.js';

export interface WebGPUDevice {
  gpu: GPU;
  device: GPUDevice;
  adapterInfo: GPUAdapterInfo;
  description: WebGPUAdapterDescription;
}

/**
 * A WebGPU device from the best adapter Dawn finds: hardware first, the OpenGL ES software adapter (Mesa
 * llvmpipe) only if `allowSoftware`. The device gets the adapter's largest buffer and binding limits
 * (WebGPU's defaults are far below what training needs). Returns why there is none otherwise.
 */
export async function requestWebGPUDevice({
  allowSoftware,
}: {
  allowSoftware: boolean;
}): Promise<WebGPUDevice | { reasons: string[] }> {
  const { adapters, reasons } = await findWebGPUAdapters({ includeOpenGLES: allowSoftware });
  const found = adapters.find((candidate) => allowSoftware || !candidate.software);
  if (!found) {
    const software = adapters.filter((candidate) => candidate.software);
    const skipped = software.map(
      (candidate) => `the adapter ${describeWebGPUAdapter(candidate).name} is a software rasteriser`,
    );
    return { reasons: [...reasons, ...skipped] };
  }
  const limits = found.adapter.limits;
  const device = await found.adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  return {
    gpu: found.gpu,
    device,
    adapterInfo: found.adapter.info,
    description: describeWebGPUAdapter(found, device.limits),
  };
}
