/** Names of CPU rasterisers that present themselves as GPUs: Mesa's llvmpipe/lavapipe/softpipe, SwiftShader, WARP. */
const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b|software/i;

/** Whether a WebGPU adapter is a software rasteriser (runs on the CPU), from what it says of itself. */
export function isSoftwareAdapter(info: {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): boolean {
  if (info.isFallbackAdapter) return true;
  return [info.vendor, info.architecture, info.device, info.description].some(
    (text) => text !== undefined && SOFTWARE_RENDERERS.test(text),
  );
}
