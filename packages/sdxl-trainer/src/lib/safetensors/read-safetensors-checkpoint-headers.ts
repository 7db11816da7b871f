import path from 'node:path';
import type { CheckpointLocation, ExpectedTensorShapes, SafetensorsHeader } from '../../types/safetensors.js';
import { checkTensorKeys } from './check-tensor-keys.js';
import { SafetensorsError } from './errors.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { resolveSafetensorsCheckpoint } from './resolve-safetensors-checkpoint.js';

/**
 * Finds a Hugging Face checkpoint's weight files and validates them without reading any tensor data: every
 * shard's header, the index against the shards (each key in exactly one shard, the one the index names),
 * and with `expected` every key and shape. `source` is the single file or the index, for errors about the
 * whole set.
 */
export async function readSafetensorsCheckpointHeaders(
  dir: string,
  options: CheckpointLocation & { expected?: ExpectedTensorShapes } = {},
): Promise<{ source: string; headers: SafetensorsHeader[] }> {
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
  return { source, headers };
}
