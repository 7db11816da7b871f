import { registerPortableKernels } from '../portable/register-portable-kernels.js';

/**
 * The webgpu backend's kernels of pixel's: the portable custom kernels. Its convolution gradients stay
 * tfjs's own: the im2col kernels wasm uses (portableConv2DBackpropFilter/Input) made a fixture-UNet step on
 * llvmpipe 1.3-1.5x faster (9.8 s vs 13-14.5 s) but gave wrong gradients for stride-2 convolutions on
 * webgpu, both inputs' (the kernels alone, run directly, are right; run inside a gradient they are not),
 * so they are not registered here until that is understood.
 */
export function registerWebGPUKernels(): void {
  registerPortableKernels('webgpu');
}
