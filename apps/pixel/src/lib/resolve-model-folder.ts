import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readAccessToken } from '@pixel/hub';
import type { CommandContext } from './context.js';
import { hubCacheDir } from './hub-cache-dir.js';

/** `namespace/name`, optionally `@revision` (a commit, branch or tag). */
const HUB_ID = /^([\w.-]+\/[\w.-]+)(?:@([\w./-]+))?$/;

/** Where and as whom a Hub repo is fetched, for the `download` callback of `resolveModelFolder`. */
export interface HubSnapshotRequest {
  repo: string;
  /** From `repo@revision`; undefined when the value named none. */
  revision?: string;
  /** `--cache_dir`, else HF_HUB_CACHE, else ~/.cache/huggingface/hub. */
  cacheDir: string;
  accessToken?: string;
  hubUrl?: string;
}

export interface ResolveModelFolderOptions {
  /** `--cache_dir` as typed (resolved against the working directory). */
  cacheDir?: string;
  /** `--hub-url`; default HF_ENDPOINT, else huggingface.co. */
  hubUrl?: string;
  /** Fetches a Hub repo's snapshot (the whole repo, or only the parts a command needs). */
  download: (request: HubSnapshotRequest) => Promise<{ snapshotDir: string }>;
  /**
   * The flag the value came from. When given, a value that is neither an existing folder nor a Hub id is an
   * error naming the flag; otherwise it is returned as a path and whoever reads it reports what is missing.
   */
  flag?: string;
}

/**
 * The local folder a model argument names: an existing folder (relative to the working directory), or
 * the snapshot of a Hub id (`namespace/name[@revision]`) downloaded into the Hugging Face cache layout,
 * with the token of `readAccessToken` (private repos) read only when something is downloaded.
 */
export async function resolveModelFolder(
  ctx: CommandContext,
  value: string,
  options: ResolveModelFolderOptions,
): Promise<string> {
  const local = path.resolve(ctx.cwd, value);
  if ((await stat(local).catch(() => undefined))?.isDirectory()) return local;
  const hubId = HUB_ID.exec(value);
  if (!hubId) {
    if (options.flag) {
      throw new Error(
        `${options.flag} ${value}: no such folder (${local}), and not a Hub id (namespace/name or namespace/name@revision).`,
      );
    }
    return local;
  }
  const cacheDir = hubCacheDir(ctx, options.cacheDir);
  ctx.logger.info(`Downloading ${value} into ${cacheDir}`);
  const snapshot = await options.download({
    repo: hubId[1]!,
    revision: hubId[2],
    cacheDir,
    accessToken: await readAccessToken({ env: ctx.env, cwd: ctx.cwd }),
    hubUrl: options.hubUrl ?? ctx.env.HF_ENDPOINT,
  });
  return snapshot.snapshotDir;
}
