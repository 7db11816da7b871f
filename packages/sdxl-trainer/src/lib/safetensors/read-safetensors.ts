import type { LoadedTensor, ReadSafetensorsOptions, SafetensorsTensorInfo } from '../../types/safetensors.js';
import { checkTensorKeys } from './check-tensor-keys.js';
import { countNonFinite } from './count-non-finite.js';
import { SafetensorsError, SafetensorsNonFiniteError } from './errors.js';
import { openSafetensors } from './open-safetensors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { readTensorData } from './read-tensor-data.js';

/**
 * Streams the tensors of one safetensors file, one at a time in file order, reading only each tensor's
 * byte range. Only the tensor being yielded is held by the reader, so a caller that turns each into a
 * model variable and drops it never holds two copies of the weights. The header is validated (and, with
 * `expected`, the keys and shapes checked) before any tensor data is read.
 *
 * @example
 * for await (const { name, shape, data } of readSafetensors('unet/diffusion_pytorch_model.safetensors')) {
 *   params.get(name)!.assign(tf.tensor(data, shape));
 * }
 */
export async function* readSafetensors(
  path: string,
  options: ReadSafetensorsOptions = {},
): AsyncGenerator<LoadedTensor, void, undefined> {
  const handle = await openSafetensors(path);
  try {
    const header = await readSafetensorsHeader(path, handle);
    if (options.expected) checkTensorKeys(path, header.tensors, options.expected);
    const selected = options.names ? selectTensors(path, header.tensors, options.names) : header.tensors;
    const nonFinite = new Map<string, number>();
    for (const tensor of selected) {
      const data = await readTensorData(handle, header, tensor);
      if (options.rejectNonFinite) {
        const count = countNonFinite(data);
        if (count > 0) nonFinite.set(tensor.name, count);
      }
      yield { name: tensor.name, dtype: tensor.dtype, shape: [...tensor.shape], data, path };
    }
    if (nonFinite.size > 0) throw new SafetensorsNonFiniteError(path, nonFinite);
  } finally {
    await handle.close();
  }
}

function selectTensors(
  path: string,
  tensors: SafetensorsTensorInfo[],
  names: Iterable<string>,
): SafetensorsTensorInfo[] {
  const wanted = new Set(names);
  const present = new Set(tensors.map((tensor) => tensor.name));
  const missing = [...wanted].filter((name) => !present.has(name));
  if (missing.length) {
    throw new SafetensorsError(
      path,
      `no tensor named ${missing.map((name) => `"${name}"`).join(', ')} in the file.`,
    );
  }
  return tensors.filter((tensor) => wanted.has(tensor.name));
}
