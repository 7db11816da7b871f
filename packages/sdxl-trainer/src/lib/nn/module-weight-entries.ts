import type { SafetensorsFloatDtype, SafetensorsWriteEntry } from '../../types/safetensors.js';
import type { Module } from './module.js';

/**
 * A module's parameters as safetensors write entries in diffusers layout. Values are produced lazily, one
 * tensor at a time as the writer reaches it, so saving never holds a second copy of the whole model.
 */
export function moduleWeightEntries(module: Module, dtype: SafetensorsFloatDtype): SafetensorsWriteEntry[] {
  return [...module.namedParameters()].map(([name, parameter]) => ({
    name,
    shape: parameter.shape,
    dtype,
    // Read asynchronously: a GPU backend (webgpu in Node) cannot read synchronously.
    data: async () => {
      const value = parameter.toDiffusersLayout(parameter.variable);
      try {
        return (await value.data()) as Float32Array;
      } finally {
        value.dispose();
      }
    },
  }));
}
