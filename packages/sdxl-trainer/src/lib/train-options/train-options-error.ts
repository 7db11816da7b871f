import { UsageError } from '@pixel/constraints';

/**
 * Invalid training options: every problem found, each naming the flag and what to pass instead. A
 * UsageError: the flags are what needs fixing, so the CLI exits 2.
 */
export class TrainOptionsError extends UsageError {
  readonly problems: readonly string[];
  /** The warnings the options would also have produced, so they are not lost behind the errors. */
  readonly warnings: readonly string[];

  constructor(problems: readonly string[], warnings: readonly string[] = []) {
    super(
      problems.length === 1
        ? `Invalid training options: ${problems[0]}`
        : `Invalid training options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
    this.warnings = warnings;
  }
}
