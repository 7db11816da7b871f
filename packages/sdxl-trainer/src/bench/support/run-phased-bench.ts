import { withTemporaryDirectory } from '@pixel-tools/test-support';
import { benchChildArgs } from './bench-child-args.js';

/**
 * The entry point of a bench whose measured phases each run in a child process (`runBenchChild`): in such a
 * child, runs `phase` with the arguments it was given; otherwise runs `main` with a fresh scratch directory
 * (`$TMPDIR/pixel-<scratchPrefix>-XXXXXX`), removed afterwards even if `main` fails.
 */
export async function runPhasedBench(
  scriptUrl: string,
  {
    scratchPrefix,
    main,
    phase,
  }: {
    scratchPrefix: string;
    main: (scratchDir: string) => Promise<void>;
    phase: (args: string[]) => Promise<void>;
  },
): Promise<void> {
  const childArgs = benchChildArgs(scriptUrl);
  if (childArgs) return phase(childArgs);
  return withTemporaryDirectory(scratchPrefix, main);
}
