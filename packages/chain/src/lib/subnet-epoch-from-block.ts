/**
 * A subnet's epoch under the block-number rule (subtensor `get_epoch_index` before v3.4.8-423): epochs last
 * `tempo + 1` blocks, offset by `netuid + 1`. Returns the epoch index of `block` and the first block of the next epoch.
 */
export function subnetEpochFromBlock(
  block: number,
  netuid: number,
  tempo: number,
): { index: number; nextEpochBlock: number } {
  const length = tempo + 1;
  const index = Math.floor((block + netuid + 1) / length);
  return { index, nextEpochBlock: (index + 1) * length - netuid - 1 };
}
