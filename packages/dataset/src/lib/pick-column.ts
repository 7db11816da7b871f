import { UsageError } from '@pixel/constraints';

/** A column as the errors show it: its name and a short type (`string`, `Image`, `INT64`). */
export interface ColumnInfo {
  name: string;
  type: string;
}

export interface ColumnRole {
  /** What the column holds, for messages: `images`, `captions`. */
  what: string;
  /** The flag that names it: `--image-column`. */
  flag: string;
  /** The types it may have, for messages: `an Image feature or http(s) URLs (string)`. */
  expected: string;
  /** Whether a column of this type can hold it. */
  accepts: (column: ColumnInfo) => boolean;
  /** Names tried in order when the flag is not given (case does not matter). */
  preferred: readonly string[];
}

/** The columns an error lists at most, so a table of a thousand columns gives a readable message. */
const LISTED_COLUMNS = 40;

/**
 * The column for `role`: the one `given` names (it must exist and be of an accepted type), else the first
 * acceptable column among `preferred` names. Anything else is a `UsageError` listing `where`'s columns and naming
 * the flag that picks one.
 */
export function pickColumn(
  columns: readonly ColumnInfo[],
  role: ColumnRole,
  given: string | undefined,
  where: string,
): string {
  const shown = columns
    .slice(0, LISTED_COLUMNS)
    .map((column) => `${column.name} (${column.type})`)
    .join(', ');
  const listing = `its columns are: ${shown}${columns.length > LISTED_COLUMNS ? `, and ${columns.length - LISTED_COLUMNS} more` : ''}`;
  if (given !== undefined) {
    const column = columns.find((c) => c.name === given);
    if (!column) throw new UsageError(`${role.flag} ${given}: ${where} has no such column; ${listing}.`);
    if (!role.accepts(column)) {
      throw new UsageError(
        `${role.flag} ${given}: in ${where} it is ${column.type}, but the ${role.what} must be ${role.expected}; ${listing}.`,
      );
    }
    return column.name;
  }
  for (const name of role.preferred) {
    const column = columns.find((c) => c.name.toLowerCase() === name && role.accepts(c));
    if (column) return column.name;
  }
  throw new UsageError(
    `Cannot tell which column of ${where} holds the ${role.what} (${role.expected}); ${listing}. ` +
      `Name it with ${role.flag}.`,
  );
}
