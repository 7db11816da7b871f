import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from './context.js';

/** Where Hub snapshots go: `--cache_dir` (against the working directory), else HF_HUB_CACHE, else ~/.cache/huggingface/hub. */
export function hubCacheDir(ctx: Pick<CommandContext, 'cwd' | 'env'>, cacheDir: string | undefined): string {
  return cacheDir
    ? path.resolve(ctx.cwd, cacheDir)
    : (ctx.env.HF_HUB_CACHE ?? path.join(os.homedir(), '.cache', 'huggingface', 'hub'));
}
