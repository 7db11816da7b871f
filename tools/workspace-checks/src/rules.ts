// The workspace's rules (README.md, "Layers"), checked by workspace.test.ts on every `pnpm test`.

/**
 * The products from the bottom layer up. A product imports only products of lower layers: never one above it,
 * nor one beside it (hub, chain, dataset and sdxl-trainer are independent of each other). The CLIs of
 * pixel-train and pixel-upload are thin programs on top of @pixel/cli.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['@pixel/constraints'],
  ['@pixel/files'],
  ['@pixel/hub', '@pixel/chain', '@pixel/dataset', '@pixel/sdxl-trainer'],
  ['@pixel/miner'],
  ['@pixel/cli'],
  ['@pixel/train-cli', '@pixel/upload-cli'],
];

/** Tools every package's tests may use: they must themselves depend on no workspace package (no cycles). */
export const FOUNDATION_TOOLS: readonly string[] = [
  '@pixel-tools/test-support',
  '@pixel-tools/workspace-checks',
];

/** eslint's max-lines-per-function for production code, blank lines and comments not counted. */
export const MAX_FUNCTION_LINES = 100;

/**
 * Production functions over MAX_FUNCTION_LINES, each with its length as a ceiling, while they are being
 * shortened: `<file>: <eslint's name of the function>` -> lines. The list only shrinks: a listed function may not
 * grow, and once it is under the limit its entry must go (the check says so). Empty since the demo's runDemo (207)
 * and runValidatorRound (111), the last of the eight functions over it when the check arrived (issue 14), were split.
 */
export const FUNCTIONS_OVER_LIMIT: Readonly<Record<string, number>> = {};

/**
 * Workspace dependencies declared before their first import, each with why: `<package>` -> names. Like
 * FUNCTIONS_OVER_LIMIT, an entry must go once the package imports the dependency (or drops it).
 */
export const DECLARED_BEFORE_USE: Readonly<Record<string, readonly string[]>> = {
  // @pixel/files was declared by every package at once (issue 14) for its one atomic writer and its file-system
  // errors; the CLI and the miner write no user data of their own yet.
  '@pixel/cli': ['@pixel/files'],
  '@pixel/miner': ['@pixel/files'],
};
