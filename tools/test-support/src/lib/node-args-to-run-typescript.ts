import { fileURLToPath } from 'node:url';

const REGISTER_TS = fileURLToPath(new URL('../register-ts.mjs', import.meta.url));

/**
 * The arguments of `node` that run `file`, a TypeScript file of this repository, the way jest does: SWC
 * without a type check, `.js` specifiers falling back to the `.ts` beside them, workspace packages resolved to
 * their sources (the "@pixel/source" condition). `process.execPath` with these runs it in a child process.
 */
export function nodeArgsToRunTypeScript(file: string, args: readonly string[] = []): string[] {
  return ['--conditions=@pixel/source', '--no-warnings', '--import', REGISTER_TS, file, ...args];
}
