import type { LoadedTensor, ReadSafetensorsOptions } from '../../types/safetensors.js';
import { readSafetensors } from './read-safetensors.js';

/**
 * Reads a whole safetensors file into a name -> tensor map. Convenient for small files (test fixtures,
 * embeddings); for model weights prefer `readSafetensors`, which streams one tensor at a time.
 */
export async function loadSafetensors(
  path: string,
  options: ReadSafetensorsOptions = {},
): Promise<Map<string, LoadedTensor>> {
  const tensors = new Map<string, LoadedTensor>();
  for await (const tensor of readSafetensors(path, options)) tensors.set(tensor.name, tensor);
  return tensors;
}
