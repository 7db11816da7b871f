/**
 * Orders two strings by Unicode code point, as Python's `sorted` does. JavaScript's default sort
 * compares UTF-16 code units, which puts astral characters (emoji, U+10000 and up) before
 * U+E000..U+FFFF; comparing the code points at the first difference fixes that.
 */
function compareCodePoints(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i += 1) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}

/**
 * Sort comparator for `/`-separated relative file paths that yields the order in which the
 * reference hashes files: Python's `os.walk` top-down with sorted subdirectory and file names,
 * so a directory's own files come first (by code point), then each subdirectory recursively.
 */
export function compareWalkOrder(a: string, b: string): number {
  const partsA = a.split('/');
  const partsB = b.split('/');
  const shared = Math.min(partsA.length, partsB.length);
  for (let i = 0; i < shared; i += 1) {
    const segmentA = partsA[i]!;
    const segmentB = partsB[i]!;
    if (segmentA === segmentB) continue;
    const aIsFileHere = i === partsA.length - 1;
    const bIsFileHere = i === partsB.length - 1;
    if (aIsFileHere !== bIsFileHere) return aIsFileHere ? -1 : 1;
    return compareCodePoints(segmentA, segmentB);
  }
  return partsA.length - partsB.length;
}
