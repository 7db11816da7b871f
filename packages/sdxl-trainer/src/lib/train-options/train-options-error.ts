/** Invalid training options: every problem found, each naming the flag and what to pass instead. */
export class TrainOptionsError extends Error {
  readonly problems: readonly string[];
  /** The warnings the options would also have produced, so they are not lost behind the errors. */
  readonly warnings: readonly string[];

  constructor(problems: readonly string[], warnings: readonly string[] = []) {
    super(
      problems.length === 1
        ? `Invalid training options: ${problems[0]}`
        : `Invalid training options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'TrainOptionsError';
    this.problems = problems;
    this.warnings = warnings;
  }
}
