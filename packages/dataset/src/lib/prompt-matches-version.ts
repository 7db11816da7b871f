// `--v` (or `--version`) followed by a number; the number must end there, so `--v 60` is not `--v 6`.
const VERSION_FLAG = /(?:^|\s)--v(?:ersion)?\s+(\d+(?:\.\d+)?)(?![\w.])/g;

/**
 * Whether the prompt asks for this Midjourney version: `6` matches `--v 6` and `--v 6.0` (same number)
 * but not `--v 60` or `--v 6.1`. The reference's substring test (`"--v 6" in prompt`) also took `--v 60`.
 * With `keepUnversioned`, a prompt carrying no version flag at all matches too (a dataset's clean caption).
 */
export function promptMatchesVersion(
  prompt: string,
  version: string | number,
  { keepUnversioned = false }: { keepUnversioned?: boolean } = {},
): boolean {
  const wanted = Number(version);
  if (!Number.isFinite(wanted)) {
    throw new Error(`Midjourney version "${version}" is not a number; use e.g. 6 or 5.2.`);
  }
  let flagged = false;
  for (const match of prompt.matchAll(VERSION_FLAG)) {
    if (Number(match[1]) === wanted) return true;
    flagged = true;
  }
  return keepUnversioned && !flagged;
}
