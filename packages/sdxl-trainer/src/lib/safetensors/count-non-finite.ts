import type { TensorData } from '../../types/safetensors.js';

/** How many NaN or infinite values a tensor holds (always 0 for integer tensors). */
export function countNonFinite(data: TensorData): number {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    // x - x is 0 for finite x and NaN for NaN and both infinities.
    if (data[i]! - data[i]! !== 0) count++;
  }
  return count;
}
