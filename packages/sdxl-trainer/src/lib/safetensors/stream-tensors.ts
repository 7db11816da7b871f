import type { LoadedTensor, ReadSafetensorsOptions, SafetensorsHeader } from '../../types/safetensors.js';
import { countNonFinite } from './count-non-finite.js';
import { SafetensorsError, SafetensorsNonFiniteError } from './errors.js';
import { openSafetensors } from './open-safetensors.js';
import { readTensorData } from './read-tensor-data.js';

/**
 * Yields the tensors of already-validated files one at a time, file by file in offset order, reading only
 * each tensor's byte range. `source` (the file or the shard index) is named in errors about the whole set.
 */
export async function* streamTensors(
  headers: readonly SafetensorsHeader[],
  options: Pick<ReadSafetensorsOptions, 'names' | 'rejectNonFinite'>,
  source: string,
): AsyncGenerator<LoadedTensor, void, undefined> {
  const wanted = options.names ? new Set(options.names) : undefined;
  if (wanted) {
    const present = new Set(headers.flatMap((header) => header.tensors.map((tensor) => tensor.name)));
    const missing = [...wanted].filter((name) => !present.has(name));
    if (missing.length) {
      throw new SafetensorsError(source, `no tensor named ${missing.map((name) => `"${name}"`).join(', ')}.`);
    }
  }
  const nonFinite = new Map<string, number>();
  for (const header of headers) {
    const selected = wanted ? header.tensors.filter((tensor) => wanted.has(tensor.name)) : header.tensors;
    if (selected.length === 0) continue;
    const handle = await openSafetensors(header.path);
    try {
      for (const tensor of selected) {
        const data = await readTensorData(handle, header, tensor);
        if (options.rejectNonFinite) {
          const count = countNonFinite(data);
          if (count > 0) nonFinite.set(tensor.name, count);
        }
        yield { name: tensor.name, dtype: tensor.dtype, shape: [...tensor.shape], data, path: header.path };
      }
    } finally {
      await handle.close();
    }
  }
  if (nonFinite.size > 0) throw new SafetensorsNonFiniteError(source, nonFinite);
}
