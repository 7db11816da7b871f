import { isAbsolute } from 'node:path';
import { PixelHubError } from '../errors.js';

/** Repo paths come from the server: never let one escape the snapshot folder. */
export function safeRelativePath(path: string): string {
  if (isAbsolute(path) || path.split(/[\\/]/).some((segment) => segment === '..' || segment === '')) {
    throw new PixelHubError(
      'UNSAFE_PATH',
      `Refusing repo path "${path}": it would escape the snapshot folder.`,
    );
  }
  return path;
}
