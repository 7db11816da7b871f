import { readAccessToken } from '@pixel/hub';
import type { ResolveModelOptions } from '@pixel/miner';
import type { CommandContext } from './context.js';
import { hubCacheDir } from './hub-cache-dir.js';

/**
 * What the commands pass `resolveModel` of @pixel/miner: folders against the working directory; Hub snapshots
 * and committed models into `--cache_dir`, else HF_HUB_CACHE, else ~/.cache/huggingface/hub; as the token of
 * `readAccessToken` (HF_ACCESS_TOKEN or ./.env, for private repos); from `--hub-url`, else HF_ENDPOINT, else
 * huggingface.co; with its progress lines logged and its warnings (a subnet that may not be pixel) as warnings.
 */
export async function modelResolutionOptions(
  ctx: Pick<CommandContext, 'cwd' | 'env' | 'logger'>,
  flags: { cacheDir?: string; hubUrl?: string },
): Promise<ResolveModelOptions> {
  return {
    cwd: ctx.cwd,
    cacheDir: hubCacheDir(ctx, flags.cacheDir),
    hub: {
      accessToken: await readAccessToken({ env: ctx.env, cwd: ctx.cwd }),
      hubUrl: flags.hubUrl ?? ctx.env.HF_ENDPOINT,
    },
    log: (line) => ctx.logger.info(line),
    warn: (line) => ctx.logger.warn(line),
  };
}
