import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SafetensorsIndex } from '../../types/safetensors.js';
import { SafetensorsError } from './errors.js';

/** Index files are small (SDXL's UNet index is ~150 KB); anything far larger is not an index. */
const MAX_INDEX_BYTES = 100_000_000;

/**
 * Reads and validates a `*.safetensors.index.json`: a JSON object whose `weight_map` maps tensor names to
 * shard file names. Shard names come from untrusted repos, so only plain `.safetensors` file names in the
 * same directory are accepted (no paths, no `..`).
 */
export async function readSafetensorsIndex(indexPath: string): Promise<SafetensorsIndex> {
  const fail = (problem: string): never => {
    throw new SafetensorsError(indexPath, problem);
  };
  let text: string;
  try {
    const { size } = await stat(indexPath);
    if (size > MAX_INDEX_BYTES) fail(`the index is ${size} bytes, over the ${MAX_INDEX_BYTES}-byte limit.`);
    text = await readFile(indexPath, 'utf8');
  } catch (error) {
    if (error instanceof SafetensorsError) throw error;
    return fail(`cannot read the index (${(error as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`the index is not valid JSON (${(error as Error).message}).`);
  }
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    return fail('the index has no "weight_map" object mapping tensor names to shard files.');
  }
  const map = new Map<string, string>();
  for (const [name, shard] of Object.entries(weightMap)) {
    if (
      typeof shard !== 'string' ||
      !shard.endsWith('.safetensors') ||
      shard !== path.basename(shard) ||
      shard.includes('\\') ||
      shard.startsWith('.')
    ) {
      fail(
        `weight_map["${name}"] must be a .safetensors file name in the same folder, got ${JSON.stringify(shard)}.`,
      );
    }
    map.set(name, shard as string);
  }
  return { path: indexPath, weightMap: map, shards: [...new Set(map.values())].sort() };
}
