import type { ModelMetadata } from '@pixel/chain';
import type { RankedMetagraph } from '../types/public.js';

/**
 * The uid whose model is best to start from: among uids with a model committed, the highest incentive
 * (the reference's `get_top_miner_uid`); ties, and chains where nothing has been scored yet, go to the
 * earliest commitment, which validators' block rule favours. Undefined when no uid has committed a model.
 */
export function bestUid(
  metagraph: RankedMetagraph,
  models: ReadonlyMap<string, ModelMetadata>,
): number | undefined {
  let best: { uid: number; incentive: number; block: number } | undefined;
  metagraph.hotkeys.forEach((hotkey, uid) => {
    const model = models.get(hotkey);
    if (!model) return;
    const incentive = metagraph.incentive?.[uid] ?? 0;
    const better =
      !best || incentive > best.incentive || (incentive === best.incentive && model.block < best.block);
    if (better) best = { uid, incentive, block: model.block };
  });
  return best?.uid;
}
