import { homedir } from 'node:os';
import path from 'node:path';

/** `~/x` -> `<home>/x`, then absolute: the SDK expands user paths the same way. */
export function expandHome(filePath: string): string {
  const expanded =
    filePath === '~' || filePath.startsWith('~/') ? path.join(homedir(), filePath.slice(1)) : filePath;
  return path.resolve(expanded);
}
