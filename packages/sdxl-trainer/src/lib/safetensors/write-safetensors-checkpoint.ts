import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@pixel/files';
import type {
  CheckpointFileNames,
  SafetensorsWriteEntry,
  WriteCheckpointOptions,
} from '../../types/safetensors.js';
import { checkpointFileNames } from './checkpoint-file-names.js';
import { DTYPE_BYTES } from './dtypes.js';
import { writeSafetensors } from './write-safetensors.js';

/** diffusers' default `max_shard_size="10GB"` (decimal gigabytes). */
const DEFAULT_MAX_SHARD_BYTES = 10 * 10 ** 9;

/**
 * Saves a model's tensors as diffusers' `save_pretrained` does: one `diffusion_pytorch_model[.variant]
 * .safetensors`, or, past `maxShardBytes`, numbered shards plus a `*.safetensors[.variant].index.json`
 * (`{"metadata": {"total_size"}, "weight_map"}`, sorted keys, indent 2). Shards are filled greedily in
 * entry order as huggingface_hub splits a state dict. Each file is written atomically and the index last;
 * weight files left from an earlier save with the other layout (stale shards, index or single file) are
 * removed, so readers never pick up a mix, even after an interrupted save. Returns the written file names.
 */
export async function writeSafetensorsCheckpoint(
  dir: string,
  entries: readonly SafetensorsWriteEntry[],
  options: WriteCheckpointOptions = {},
): Promise<string[]> {
  const folder = options.subfolder ? path.join(dir, options.subfolder) : dir;
  const names = checkpointFileNames(options.weightsName ?? 'diffusion_pytorch_model', options.variant);
  const metadata = options.metadata ?? { format: 'pt' };
  const shards = splitIntoShards(entries, options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES);
  await mkdir(folder, { recursive: true });
  // An index on disk must always describe shards written together with it: drop the old one before any
  // shard is replaced, so an interrupted save cannot leave an old index over a mix of old and new shards.
  await Promise.all(names.indexCandidates.map((file) => rm(path.join(folder, file), { force: true })));

  const written: string[] = [];
  if (shards.length <= 1) {
    await writeSafetensors(path.join(folder, names.single), shards[0] ?? [], { metadata });
    written.push(names.single);
  } else {
    const weightMap: Record<string, string> = {};
    for (const [i, shard] of shards.entries()) {
      const file = names.shard(i + 1, shards.length);
      await writeSafetensors(path.join(folder, file), shard, { metadata });
      for (const entry of shard) weightMap[entry.name] = file;
      written.push(file);
    }
    const totalSize = entries.reduce((sum, entry) => sum + byteLength(entry), 0);
    const index = { metadata: { total_size: totalSize }, weight_map: sortKeys(weightMap) };
    await writeFileAtomic(path.join(folder, names.index), `${toPythonJson(index)}\n`);
    written.push(names.index);
  }
  await removeStaleWeights(folder, names, written);
  return written;
}

/** huggingface_hub's greedy split: a tensor over the limit gets its own shard, appended at once. */
function splitIntoShards(
  entries: readonly SafetensorsWriteEntry[],
  maxShardBytes: number,
): SafetensorsWriteEntry[][] {
  const shards: SafetensorsWriteEntry[][] = [];
  let current: SafetensorsWriteEntry[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const size = byteLength(entry);
    if (size > maxShardBytes) {
      shards.push([entry]);
      continue;
    }
    if (currentBytes + size > maxShardBytes) {
      shards.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += size;
  }
  if (current.length) shards.push(current);
  return shards;
}

function byteLength(entry: SafetensorsWriteEntry): number {
  return entry.shape.reduce((product, dim) => product * dim, DTYPE_BYTES[entry.dtype] ?? 0);
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `json.dumps(value, indent=2, sort_keys=True)` for objects of strings and numbers (keys pre-sorted). */
function toPythonJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

async function removeStaleWeights(
  folder: string,
  names: CheckpointFileNames,
  written: readonly string[],
): Promise<void> {
  const [shardPrefix, shardSuffix] = names.shard(1, 1).split('00001-of-00001') as [string, string];
  const isOurShard = (file: string) =>
    file.startsWith(shardPrefix) &&
    file.endsWith(shardSuffix) &&
    /^\d{5}-of-\d{5}$/.test(file.slice(shardPrefix.length, file.length - shardSuffix.length));
  const stale = (await readdir(folder)).filter(
    (file) =>
      !written.includes(file) &&
      (file === names.single || names.indexCandidates.includes(file) || isOurShard(file)),
  );
  await Promise.all(stale.map((file) => rm(path.join(folder, file), { force: true })));
}
