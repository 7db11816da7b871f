/** Edits (insert, delete, substitute) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `_` and `-` spell the same flag for a reader (`--dry_run`, `--dry-run`), and case is no real difference. */
const normalized = (flag: string) => flag.toLowerCase().replace(/_/g, '-');

/**
 * The known flag the user most likely meant by `typed` (names without dashes): a typo or two away, the
 * other separator (`_`/`-`), or the start of a longer flag (`hf-repo` for `hf_repo_id`). Among equally
 * close flags, the one spelled most like what was typed. Undefined when none is close.
 */
export function closestFlag(typed: string, known: readonly string[]): string | undefined {
  const wanted = normalized(typed);
  const allowedEdits = Math.min(2, Math.floor(wanted.length / 3));
  let best: { flag: string; distance: number; spelling: number } | undefined;
  for (const flag of known) {
    if (flag.length < 2) continue;
    const candidate = normalized(flag);
    const distance = wanted.length >= 4 && candidate.startsWith(wanted) ? 0 : editDistance(wanted, candidate);
    if (distance > allowedEdits) continue;
    const spelling = editDistance(typed, flag);
    if (!best || distance < best.distance || (distance === best.distance && spelling < best.spelling))
      best = { flag, distance, spelling };
  }
  return best?.flag;
}
