import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from '@pixel/files';
import type { CheckpointLocation, ResolvedCheckpoint } from '../../types/safetensors.js';
import { checkpointFileNames } from './checkpoint-file-names.js';
import { SafetensorsError } from './errors.js';
import { readSafetensorsIndex } from './read-safetensors-index.js';

/**
 * Finds a checkpoint's weight files in a Hugging Face folder the way diffusers does: a shard index (with
 * the variant in its name) takes precedence over a single `*.safetensors` file. When neither exists the
 * error lists the weight files that are there, e.g. to point at a missing `variant`.
 */
export async function resolveSafetensorsCheckpoint(
  dir: string,
  location: CheckpointLocation = {},
): Promise<ResolvedCheckpoint> {
  const weightsName = location.weightsName ?? 'diffusion_pytorch_model';
  for (const [label, value] of [
    ['weightsName', weightsName],
    ['variant', location.variant],
  ] as const) {
    if (value !== undefined && (value === '' || /[/\\]/.test(value))) {
      throw new SafetensorsError(dir, `${label} must be a plain name, got ${JSON.stringify(value)}.`);
    }
  }
  const folder = location.subfolder ? path.join(dir, location.subfolder) : dir;
  const names = checkpointFileNames(weightsName, location.variant);
  for (const candidate of names.indexCandidates) {
    const indexPath = path.join(folder, candidate);
    if (await pathExists(indexPath)) {
      const index = await readSafetensorsIndex(indexPath);
      return { source: indexPath, files: index.shards.map((shard) => path.join(folder, shard)), index };
    }
  }
  const single = path.join(folder, names.single);
  if (await pathExists(single)) return { source: single, files: [single] };

  const present = (await readdir(folder).catch(() => [] as string[])).filter(
    (file) => file.endsWith('.safetensors') || file.endsWith('.json'),
  );
  throw new SafetensorsError(
    folder,
    `no ${names.single} or ${names.index} here` +
      (present.length ? ` (found: ${present.sort().join(', ')}); check the variant and subfolder.` : '.'),
  );
}
