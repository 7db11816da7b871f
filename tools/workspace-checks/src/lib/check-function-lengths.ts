/**
 * Long functions against the allow-list of those that were too long when the check arrived: a function over
 * `maxLines` that is not listed, or longer than its listed ceiling, is a problem; so is a listed one that is now
 * short enough (or gone), whose entry must go, so the list only shrinks.
 */
export function checkFunctionLengths(
  long: ReadonlyMap<string, number>,
  allowed: Readonly<Record<string, number>>,
  maxLines: number,
): string[] {
  const problems: string[] = [];
  const list = 'FUNCTIONS_OVER_LIMIT in tools/workspace-checks/src/rules.ts';
  for (const [key, lines] of long) {
    const ceiling = allowed[key];
    if (ceiling === undefined)
      problems.push(
        `${key} has ${lines} lines, over ${maxLines}: split it into functions that each do one thing.`,
      );
    else if (lines > ceiling)
      problems.push(
        `${key} grew to ${lines} lines (it had ${ceiling}, over ${maxLines} already): shorten it.`,
      );
  }
  for (const key of Object.keys(allowed)) {
    if (!long.has(key))
      problems.push(`${key} is now at most ${maxLines} lines (or gone): remove it from ${list}.`);
  }
  return problems;
}
