import { resolveChainCliConfig, type ChainCliConfig } from '@pixel/chain';
import { PixelError, UsageError } from '@pixel/constraints';
import type { CommandContext } from './context.js';

/** The flags of `chainOptions` that `resolveChainCliConfig` reads. */
const CHAIN_FLAGS = ['subtensor.network', 'subtensor.chain_endpoint'];

/**
 * The chain endpoint the flags of `chainOptions` (and btcli's BT_* variables) name, checked without
 * connecting: a command can refuse a bad --subtensor.network before it downloads or computes anything.
 */
export function chainCliConfig(
  ctx: Pick<CommandContext, 'env'>,
  argv: Readonly<Record<string, unknown>>,
): ChainCliConfig {
  const chainArgv = CHAIN_FLAGS.flatMap((flag) =>
    argv[flag] === undefined ? [] : [`--${flag}`, String(argv[flag])],
  );
  try {
    return resolveChainCliConfig(chainArgv, ctx.env);
  } catch (error) {
    // Every problem it finds is in a flag or variable the user set.
    if (error instanceof PixelError) throw error;
    throw new UsageError((error as Error).message, { cause: error });
  }
}
