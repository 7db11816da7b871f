import { getCurrentBlock, RateLimitError, type Subtensor } from '@pixel/chain';

/** The reference waits this long between commitment attempts. */
const REFERENCE_RETRY_MS = 60_000;
/** Subtensor builds a block every 12 s; polling at half that notices the target block soon after it lands. */
const BLOCK_POLL_MS = 6_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The default retry wait of `push`: until the chain reaches the block a rate limit names, otherwise
 * 60 s as in the reference.
 */
export async function waitForRetry(subtensor: Subtensor, error: Error): Promise<void> {
  const retryAtBlock = error instanceof RateLimitError ? error.retryAtBlock : undefined;
  if (retryAtBlock === undefined) {
    await sleep(REFERENCE_RETRY_MS);
    return;
  }
  while ((await getCurrentBlock(subtensor)) + 1 < retryAtBlock) await sleep(BLOCK_POLL_MS);
}
