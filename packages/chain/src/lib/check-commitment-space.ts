import { RateLimitError } from './errors.js';
import type { UsedSpace } from './decode-used-space.js';

/** Every commitment costs at least this much of the per-epoch space budget (pallet-commitments `set_commitment`). */
const MIN_COMMIT_SPACE = 100;

/**
 * Throw a RateLimitError (retry when the next epoch starts) if a commitment of `bytes` does not fit the hotkey's
 * space budget: it costs max(100, bytes), and `usedSpace` counts only while the chain is still in `lastEpoch`.
 */
export function checkCommitmentSpace({
  hotkey,
  bytes,
  used,
  maxSpace,
  epoch,
}: {
  hotkey: string;
  bytes: number;
  /** `UsedSpaceOf(netuid, hotkey)`; undefined when it never committed. */
  used: UsedSpace | undefined;
  /** `MaxSpace`. */
  maxSpace: number;
  /** The epoch the commitment would count in, and when the next one is due (see readSubnetEpoch). */
  epoch: { index: number; nextEpochBlock: number | undefined };
}): void {
  const cost = Math.max(MIN_COMMIT_SPACE, bytes);
  const usedThisEpoch = used && used.lastEpoch === epoch.index ? used.usedSpace : 0;
  if (usedThisEpoch + cost <= maxSpace) return;
  const retryAtBlock = epoch.nextEpochBlock;
  throw new RateLimitError(
    `Hotkey ${hotkey} used ${usedThisEpoch} of its ${maxSpace} commitment space this subnet epoch and this commitment needs ${cost}. ` +
      (retryAtBlock === undefined
        ? 'The subnet runs no epochs now (tempo 0), so the budget does not renew; wait until its owner restarts them.'
        : `Retry at block ${retryAtBlock}, when the subnet's next epoch starts.`),
    'commitments.SpaceLimitExceeded',
    retryAtBlock,
  );
}
