import type { LoadedTensor, ReadSafetensorsOptions } from '../../types/safetensors.js';
import { checkTensorKeys } from './check-tensor-keys.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { streamTensors } from './stream-tensors.js';

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
  const header = await readSafetensorsHeader(path);
  if (options.expected) checkTensorKeys(path, header.tensors, options.expected);
  yield* streamTensors([header], options, path);
}
