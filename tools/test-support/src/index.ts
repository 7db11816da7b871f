// Test and bench helpers every workspace package shares (a devDependency, private, never built: reachable only
// under the "@pixel/source" condition, as jest, the typecheck and `pnpm bench` resolve it).
export { SHARED, SHARED_DIR } from './shared.mjs';
export { createTemporaryDirectory } from './lib/create-temporary-directory.js';
export { withTemporaryDirectory } from './lib/with-temporary-directory.js';
export { useTemporaryDirectory } from './lib/use-temporary-directory.js';
export { nodeArgsToRunTypeScript } from './lib/node-args-to-run-typescript.js';
export { spawnTypeScript, type SpawnTypeScriptOptions } from './lib/spawn-typescript.js';
export { referenceVectors } from './lib/reference-vectors.js';
export { tinyDiskCommand } from './lib/tiny-disk-command.js';
export { unprivilegedUser } from './lib/unprivileged-user.js';
export type {
  DirectoryHashVector,
  ModelIdVector,
  ModelIdVectorFields,
  PromptVector,
  ReferenceVectors,
  ScoringRound,
} from './types/reference-vectors.js';
