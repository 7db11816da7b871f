/**
 * Whether a file of a package's `src/` (its path relative to `src/`, `/` separators) is production code: what
 * the package ships and runs. Tests (`*.test.ts`), `test-support/` and `bench/` are not.
 */
export function isProductionPath(pathInSrc: string): boolean {
  return (
    !/\.test\.[cm]?[jt]s$/.test(pathInSrc) &&
    !pathInSrc.startsWith('test-support/') &&
    !pathInSrc.startsWith('bench/')
  );
}
