/**
 * A safetensors file (or a sharded checkpoint's index) that cannot be read safely. The message names the
 * file, the problem and, where there is one, the fix; `path` is the file for programmatic handling.
 */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
  readonly path: string;
  /** The message without the path, for callers that name the file in their own words. */
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
    this.problem = problem;
  }
}

/**
 * The file is shorter than its header says: cut off by an interrupted download or copy, or a full disk.
 * Callers that know where the file came from can name the right fix (download again, use another checkpoint).
 */
export class SafetensorsTruncatedError extends SafetensorsError {
  override name = 'SafetensorsTruncatedError';
}

/** A wrong-shape key: what the model expects and what the file holds. */
export interface ShapeMismatch {
  name: string;
  expected: number[];
  actual: number[];
}

/** The file's keys do not match the model's; every difference is listed, not only the first. */
export class SafetensorsKeyMismatchError extends SafetensorsError {
  override name = 'SafetensorsKeyMismatchError';
  readonly missing: string[];
  readonly unexpected: string[];
  readonly wrongShape: ShapeMismatch[];

  constructor(path: string, missing: string[], unexpected: string[], wrongShape: ShapeMismatch[]) {
    const lines = [
      ...(missing.length ? [`missing keys (${missing.length}): ${missing.join(', ')}`] : []),
      ...(unexpected.length ? [`unexpected keys (${unexpected.length}): ${unexpected.join(', ')}`] : []),
      ...(wrongShape.length
        ? [
            `wrong shapes (${wrongShape.length}): ${wrongShape
              .map((m) => `${m.name} is [${m.actual.join(', ')}], expected [${m.expected.join(', ')}]`)
              .join('; ')}`,
          ]
        : []),
    ];
    super(
      path,
      `the checkpoint does not match the model.\n  ${lines.join('\n  ')}\n` +
        `  Check that the checkpoint was saved from a model with the same config.json.`,
    );
    this.missing = missing;
    this.unexpected = unexpected;
    this.wrongShape = wrongShape;
  }
}

/** Tensors that hold NaN or infinite values; `counts` maps each key to how many such values it has. */
export class SafetensorsNonFiniteError extends SafetensorsError {
  override name = 'SafetensorsNonFiniteError';
  readonly counts: ReadonlyMap<string, number>;

  constructor(path: string, counts: ReadonlyMap<string, number>) {
    const listed = [...counts].map(([key, count]) => `${key} (${count} values)`).join(', ');
    super(
      path,
      `NaN or infinite weights in ${counts.size} tensor(s): ${listed}. The model diverged or the file is ` +
        `corrupt; use an earlier checkpoint.`,
    );
    this.counts = counts;
  }
}
