/**
 * A subnet's epoch as subtensor counted it until 2026-05 (`get_epoch_index`): epochs last `tempo + 1`
 * blocks, offset by `netuid + 1`. Returns the epoch index of `block` and the first block of the next epoch.
 */
export function subnetEpoch(
  block: number,
  netuid: number,
  tempo: number,
): { index: number; nextEpochBlock: number } {
  const length = tempo + 1;
  const index = Math.floor((block + netuid + 1) / length);
  return { index, nextEpochBlock: (index + 1) * length - netuid - 1 };
}
