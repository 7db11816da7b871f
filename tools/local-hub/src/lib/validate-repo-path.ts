import { HubError } from './hub-error.js';

/** A path inside a repo, refused when it could escape the repo (`..`, absolute) or is not a plain relative path. */
export function validateRepoPath(path: string): string {
  const segments = path.split('/');
  if (
    path.length === 0 ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new HubError(
      400,
      `Invalid path "${path}": paths must be relative, without "..", "." or empty segments.`,
    );
  }
  return path;
}
