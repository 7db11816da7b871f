import { InvalidRepoIdError } from '../errors.js';
import type { RepoId } from '../types/public.js';

/** A namespace or a name: starts and ends with a letter or digit, so `./model` and `../model` are paths, never repos. */
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SEGMENT_MAX_LENGTH = 96;
/** A commit id, branch or tag: git's ref names, less the characters a URL or a shell would mangle. */
const REVISION = /^[\w.-]+(?:\/[\w.-]+)*$/;
const REVISION_MAX_LENGTH = 255;

/**
 * The Hub's repo id grammar, in one place: `namespace/name` checked the way the Hub names repos, and with
 * `allowRevision` also `namespace/name@revision`, so mistakes fail before any request.
 * Anything else is an InvalidRepoIdError saying which part is at fault.
 */
export function parseRepoId(text: string, options: { allowRevision?: boolean } = {}): RepoId {
  const at = text.indexOf('@');
  const repo = at === -1 ? text : text.slice(0, at);
  const revision = at === -1 ? undefined : text.slice(at + 1);
  if (revision !== undefined && !options.allowRevision) {
    throw new InvalidRepoIdError(text, `a revision ("@${revision}") is not accepted here`);
  }
  const parts = repo.split('/');
  if (parts.length !== 2) throw new InvalidRepoIdError(text, 'expected exactly one "/"');
  const [namespace, name] = parts as [string, string];
  for (const segment of parts) {
    if (
      !SEGMENT.test(segment) ||
      segment.includes('--') ||
      segment.includes('..') ||
      segment.length > SEGMENT_MAX_LENGTH
    ) {
      throw new InvalidRepoIdError(
        text,
        `"${segment}" may only hold letters, digits, "-", "_" and "." (no "--" or "..", at most ${SEGMENT_MAX_LENGTH} characters)`,
      );
    }
  }
  if (
    revision !== undefined &&
    (!REVISION.test(revision) || revision.includes('..') || revision.length > REVISION_MAX_LENGTH)
  ) {
    throw new InvalidRepoIdError(
      text,
      `the revision "${revision}" may only hold letters, digits, "-", "_", "." and "/" between them (no "..", at most ${REVISION_MAX_LENGTH} characters)`,
    );
  }
  return { id: repo, namespace, name, ...(revision !== undefined && { revision }) };
}
