import { availableParallelism } from 'node:os';
import { UsageError } from '@pixel/constraints';

/** The most threads the cpu kernels take, whatever PIXEL_NUM_THREADS says. */
const MOST_THREADS = 256;

/**
 * How many threads the cpu backend's kernels run on: PIXEL_NUM_THREADS when set (a whole number from 1), else
 * one per processor Node may use (`os.availableParallelism()`). Results do not depend on it.
 */
export function kernelThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env.PIXEL_NUM_THREADS?.trim();
  if (setting === undefined || setting === '') return Math.min(availableParallelism(), MOST_THREADS);
  const count = Number(setting);
  if (!/^\d+$/.test(setting) || count < 1 || count > MOST_THREADS) {
    throw new UsageError(
      `PIXEL_NUM_THREADS=${JSON.stringify(env.PIXEL_NUM_THREADS)} is not a thread count: set it to a whole ` +
        `number from 1 to ${MOST_THREADS} (or unset it to use one thread per processor).`,
    );
  }
  return count;
}
