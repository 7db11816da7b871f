import { hasStorage, type StorageSections } from './has-storage.js';

/** Which of subtensor's rules a runtime follows where they changed, read from its storage items (its metadata). */
export interface SubtensorRuntimeRules {
  /**
   * `space-budget`: each commitment costs max(100, bytes) of `MaxSpace` (3100 by default) per hotkey and subnet
   * epoch, tracked in `Commitments.UsedSpaceOf` (mainnet since 2025-03). `block-interval`: one commitment per
   * `RateLimit` blocks, from `Commitments.LastCommitment` (spec 218 and older).
   */
  commitmentLimit: 'space-budget' | 'block-interval';
  /**
   * `stored-index`: the epoch index is the counter `SubtensorModule.SubnetEpochIndex(netuid)`, and the next epoch
   * fires at `LastEpochBlock(netuid) + Tempo(netuid)` (since v3.4.8-423, 2026-06). `block-number`: the index is
   * `(block + netuid + 1) / (tempo + 1)` (`get_epoch_index` before that).
   */
  epoch: 'stored-index' | 'block-number';
}

export function subtensorRuntimeRules(query: StorageSections): SubtensorRuntimeRules {
  const has = (section: string, item: string) => hasStorage(query, section, item);
  return {
    commitmentLimit: has('commitments', 'usedSpaceOf') ? 'space-budget' : 'block-interval',
    epoch:
      has('subtensorModule', 'subnetEpochIndex') && has('subtensorModule', 'lastEpochBlock')
        ? 'stored-index'
        : 'block-number',
  };
}
