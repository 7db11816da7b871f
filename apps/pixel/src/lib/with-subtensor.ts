import { connectSubtensor, type Subtensor } from '@pixel/chain';
import { chainCliConfig } from './chain-cli-config.js';
import type { CommandContext } from './context.js';

/**
 * Connects to the chain the flags of `chainOptions` name (saying which), runs `use` with the connection,
 * `--netuid` and `--allow-unrecognised-subnet`, and disconnects however `use` ends. Bad flags are a UsageError
 * before anything connects.
 */
export async function withSubtensor<T>(
  ctx: Pick<CommandContext, 'env' | 'logger'>,
  argv: Readonly<Record<string, unknown>>,
  use: (chain: { subtensor: Subtensor; netuid: number; allowUnrecognisedSubnet: boolean }) => Promise<T>,
): Promise<T> {
  const chain = chainCliConfig(ctx, argv);
  ctx.logger.info(`Connecting to ${chain.network} (${chain.endpoint})`);
  const subtensor = await connectSubtensor({ endpoint: chain.endpoint });
  try {
    // --netuid is checked as it is parsed (NETUID_OPTION).
    return await use({
      subtensor,
      netuid: argv.netuid as number,
      allowUnrecognisedSubnet: argv['allow-unrecognised-subnet'] === true,
    });
  } finally {
    await subtensor.disconnect();
  }
}
