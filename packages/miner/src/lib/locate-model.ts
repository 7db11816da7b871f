import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { InvalidRepoIdError, parseRepoId } from '@pixel/hub';
import type { LocateModelOptions, ModelLocation } from '../types/public.js';

/** `uid:<n>`; more digits than any subnet has uids is a typing mistake, not a uid. */
const UID_REFERENCE = /^uid:(\d{1,9})$/;

/**
 * What a model reference a user typed names, without downloading anything (so every reference can be checked
 * before a long run starts): `uid:<n>` or `best` (a committed model, unless `committed` is false); else an
 * existing folder (against `cwd`), even one that looks like a Hub id; else a Hub id `namespace/name[@revision]`
 * (the Hub's grammar, `parseRepoId`). Anything else, and a malformed `uid:`, is a UsageError naming `flag`.
 */
export async function locateModel(
  reference: string,
  options: LocateModelOptions = {},
): Promise<ModelLocation> {
  const prefix = `${options.flag ? `${options.flag} ` : ''}${reference}: `;
  if (options.committed !== false) {
    if (reference === 'best') return { kind: 'committed', uid: 'best' };
    if (reference.startsWith('uid:')) {
      const uid = UID_REFERENCE.exec(reference)?.[1];
      if (uid === undefined) throw new UsageError(`${prefix}a uid is written uid:<number>, e.g. uid:12.`);
      return { kind: 'committed', uid: Number(uid) };
    }
  }
  const folder = path.resolve(options.cwd ?? process.cwd(), reference);
  if ((await stat(folder).catch(() => undefined))?.isDirectory()) return { kind: 'folder', folder };
  try {
    const { id, revision } = parseRepoId(reference, { allowRevision: true });
    return { kind: 'hub', repo: id, ...(revision !== undefined && { revision }) };
  } catch (error) {
    if (!(error instanceof InvalidRepoIdError)) throw error;
    // One that starts like a Hub id (not ./, ../ or /) was probably meant as one: say what is wrong with it.
    const why = /^[A-Za-z0-9][^/]*\//.test(reference) ? `: ${error.reason}` : '';
    throw new UsageError(
      `${prefix}no such folder (${folder}), and not a Hub id (namespace/name or namespace/name@revision)${why}.`,
      { cause: error },
    );
  }
}
