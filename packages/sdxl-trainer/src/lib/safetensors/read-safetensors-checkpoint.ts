import type { LoadedTensor, ReadCheckpointOptions } from '../../types/safetensors.js';
import { readSafetensorsCheckpointHeaders } from './read-safetensors-checkpoint-headers.js';
import { streamTensors } from './stream-tensors.js';

/**
 * Streams a Hugging Face checkpoint's tensors one at a time: a single file or the shards of a
 * `*.safetensors.index.json`, with an optional `variant` (`fp16`) and `subfolder` (`unet`). Every shard's
 * header is validated, the index checked against the shards, and (with `expected`) every key and shape
 * checked before any tensor data is read.
 *
 * @example
 * for await (const t of readSafetensorsCheckpoint(pipelineDir, { subfolder: 'unet', variant: 'fp16' })) { ... }
 */
export async function* readSafetensorsCheckpoint(
  dir: string,
  options: ReadCheckpointOptions = {},
): AsyncGenerator<LoadedTensor, void, undefined> {
  const { source, headers } = await readSafetensorsCheckpointHeaders(dir, options);
  yield* streamTensors(headers, options, source);
}
