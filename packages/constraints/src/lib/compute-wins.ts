import type { UidValues, WinCounts } from '../types/public.js';
import { isWin } from './is-win.js';
import { uidValue } from './uid-value.js';

/**
 * The reference's `compute_wins`: every ordered pair of different uids plays one match per batch
 * index both have losses for; `winRate` is wins / matches played (0 when none were played).
 */
export function computeWins(
  uids: readonly number[],
  lossesPerUid: UidValues<readonly number[]>,
  uidToBlock: UidValues<number>,
  epsilon: number,
): WinCounts {
  const wins = new Map<number, number>();
  const winRate = new Map<number, number>();
  for (const uidA of uids) {
    const lossesA = uidValue(lossesPerUid, uidA, 'losses');
    const blockA = uidValue(uidToBlock, uidA, 'block');
    let won = 0;
    let matches = 0;
    for (const uidB of uids) {
      if (uidB === uidA) continue;
      const lossesB = uidValue(lossesPerUid, uidB, 'losses');
      const blockB = uidValue(uidToBlock, uidB, 'block');
      const batches = Math.min(lossesA.length, lossesB.length);
      for (let batch = 0; batch < batches; batch += 1) {
        if (isWin(lossesA[batch]!, lossesB[batch]!, blockA, blockB, epsilon)) won += 1;
        matches += 1;
      }
    }
    wins.set(uidA, won);
    winRate.set(uidA, matches > 0 ? won / matches : 0);
  }
  return { wins, winRate };
}
