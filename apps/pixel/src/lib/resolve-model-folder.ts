import { readAccessToken } from '@pixel/hub';
import type { CommandContext } from './context.js';
import { hubCacheDir } from './hub-cache-dir.js';
import { locateModelValue } from './locate-model-value.js';

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
   * The flag the value came from. When given, a value that is neither an existing folder nor a Hub id is a
   * UsageError naming the flag; otherwise it is returned as a path and whoever reads it reports what is missing.
   */
  flag?: string;
}

/**
 * The local folder a model argument names (see `locateModelValue`): an existing folder, or the snapshot of
 * a Hub id (`namespace/name[@revision]`) downloaded into the Hugging Face cache layout, with the token of
 * `readAccessToken` (private repos) read only when something is downloaded.
 */
export async function resolveModelFolder(
  ctx: CommandContext,
  value: string,
  options: ResolveModelFolderOptions,
): Promise<string> {
  const location = await locateModelValue(ctx, value, options.flag);
  if ('folder' in location) return location.folder;
  const cacheDir = hubCacheDir(ctx, options.cacheDir);
  ctx.logger.info(`Downloading ${value} into ${cacheDir}`);
  const snapshot = await options.download({
    repo: location.repo,
    revision: location.revision,
    cacheDir,
    accessToken: await readAccessToken({ env: ctx.env, cwd: ctx.cwd }),
    hubUrl: options.hubUrl ?? ctx.env.HF_ENDPOINT,
  });
  return snapshot.snapshotDir;
}
