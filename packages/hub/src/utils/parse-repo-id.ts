import { InvalidRepoIdError } from '../errors.js';

const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** `namespace/name` checked the way the Hub names repos, so mistakes fail before any request. */
export function parseRepoId(repo: string): { id: string; namespace: string; name: string } {
  const parts = repo.split('/');
  if (parts.length !== 2) throw new InvalidRepoIdError(repo, 'expected exactly one "/"');
  const [namespace, name] = parts as [string, string];
  for (const segment of parts) {
    if (!SEGMENT.test(segment) || segment.includes('--') || segment.includes('..') || segment.length > 96) {
      throw new InvalidRepoIdError(
        repo,
        `"${segment}" may only hold letters, digits, "-", "_" and "." (no "--" or "..", at most 96 characters)`,
      );
    }
  }
  return { id: repo, namespace, name };
}
