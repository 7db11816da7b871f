import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import type { CommandContext } from './context.js';

/**
 * `namespace/name`, optionally `@revision` (a commit, branch or tag). Each part starts and ends with a letter
 * or digit, as on the Hub, so `./model` and `../model` are paths, never repos.
 */
const HUB_PART = '[A-Za-z0-9](?:[\\w.-]*[A-Za-z0-9])?';
const HUB_ID = new RegExp(`^(${HUB_PART}/${HUB_PART})(?:@([\\w./-]+))?$`);

/** Where a model argument points: an existing local folder, or a Hub repo to download. */
export type ModelLocation = { folder: string } | { repo: string; revision?: string };

/**
 * Where a model argument points, found without any download: an existing folder (relative to the working
 * directory) first, else a Hub id (`namespace/name[@revision]`). With `flag`, a value that is neither is a
 * UsageError naming the flag; without, it is taken as a folder whose reader reports what is missing.
 */
export async function locateModelValue(
  ctx: Pick<CommandContext, 'cwd'>,
  value: string,
  flag?: string,
): Promise<ModelLocation> {
  const local = path.resolve(ctx.cwd, value);
  if ((await stat(local).catch(() => undefined))?.isDirectory()) return { folder: local };
  const hubId = HUB_ID.exec(value);
  if (hubId) return { repo: hubId[1]!, revision: hubId[2] };
  if (flag) {
    throw new UsageError(
      `${flag} ${value}: no such folder (${local}), and not a Hub id (namespace/name or namespace/name@revision).`,
    );
  }
  return { folder: local };
}
