import path from 'node:path';
import type { LoadedTensor, ReadCheckpointOptions, SafetensorsHeader } from '../../types/safetensors.js';
import { checkTensorKeys } from './check-tensor-keys.js';
import { SafetensorsError } from './errors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { resolveSafetensorsCheckpoint } from './resolve-safetensors-checkpoint.js';
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
  const { source, files, index } = await resolveSafetensorsCheckpoint(dir, options);
  const headers: SafetensorsHeader[] = [];
  for (const file of files) headers.push(await readSafetensorsHeader(file));

  const problems: string[] = [];
  const shardOf = new Map<string, string>();
  for (const header of headers) {
    for (const { name } of header.tensors) {
      const other = shardOf.get(name);
      if (other) problems.push(`"${name}" is in both ${other} and ${header.path}`);
      shardOf.set(name, header.path);
      const listed = index?.weightMap.get(name);
      if (index && listed === undefined) problems.push(`"${name}" in ${header.path} is not in the index`);
      else if (index && path.basename(header.path) !== listed)
        problems.push(`"${name}" is in ${header.path}, the index says ${listed}`);
    }
  }
  for (const name of index?.weightMap.keys() ?? []) {
    if (!shardOf.has(name)) problems.push(`"${name}" is in the index but in no shard`);
  }
  if (problems.length) {
    throw new SafetensorsError(source, `the shards do not match the index: ${problems.join('; ')}.`);
  }
  if (options.expected) {
    checkTensorKeys(
      source,
      headers.flatMap((header) => header.tensors),
      options.expected,
    );
  }
  yield* streamTensors(headers, options, source);
}
