/** What a runtime with the stored epoch rule keeps per subnet (SubtensorModule storage, block numbers as u64). */
export interface SubnetEpochCounter {
  /** `SubnetEpochIndex(netuid)`: epochs run so far. */
  epochIndex: number;
  /** `LastEpochBlock(netuid)`: the block the last epoch fired in. */
  lastEpochBlock: number;
  /** `Tempo(netuid)`: blocks between epochs; 0 stops them. */
  tempo: number;
  /** `PendingEpochAt(netuid)`: a block the owner asked an epoch for, 0 for none. */
  pendingEpochAt: number;
}

/**
 * The epoch a transaction in `block` counts in, and the block the next epoch is due, under the stored rule
 * (subtensor since v3.4.8-423, `should_run_epoch` and `get_next_epoch_start_block`): an epoch fires in the first
 * block at least `tempo` after `LastEpochBlock`, or at `PendingEpochAt` if that is earlier, in the block's
 * initialisation (so before its transactions), and increments the counter. With tempo 0 no epoch comes
 * (`nextEpochBlock` undefined). The chain may defer a due epoch by a block or more when many fire at once.
 */
export function subnetEpochFromCounter(
  block: number,
  { epochIndex, lastEpochBlock, tempo, pendingEpochAt }: SubnetEpochCounter,
): { index: number; nextEpochBlock: number | undefined } {
  if (tempo === 0) return { index: epochIndex, nextEpochBlock: undefined };
  const scheduled = lastEpochBlock + tempo;
  const due = pendingEpochAt > 0 ? Math.min(scheduled, pendingEpochAt) : scheduled;
  return block >= due
    ? { index: epochIndex + 1, nextEpochBlock: block + tempo }
    : { index: epochIndex, nextEpochBlock: due };
}
