import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RevisionNotFoundError } from '../errors.js';
import type { HubCredentials, RevisionFile, RevisionListing } from '../types/public.js';
import { listFolderFiles } from '../utils/list-folder-files.js';
import { listRevisionFiles } from './list-revision-files.js';

/** The Hub adds it to every new repo; an upload folder does not need to hold it. */
const HUB_DEFAULT_FILE = '.gitattributes';

/** What the Hub lists for the file: sha256 for LFS files, git's blob sha1 for the others. */
async function sameContent(path: string, file: RevisionFile): Promise<boolean> {
  if ((await stat(path)).size !== file.size) return false;
  const hash = file.sha256 ? createHash('sha256') : createHash('sha1').update(`blob ${file.size}\0`);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex') === (file.sha256 ?? file.oid);
}

/**
 * Whether `revision` of the repo holds exactly the files of `folder` (plus the Hub's `.gitattributes`):
 * same paths, sizes and content hashes, read from the Hub's listing without downloading anything. False for
 * a revision that does not exist. Lets an interrupted upload find the revision it already made.
 */
export async function folderMatchesRevision(
  params: { repo: string; revision: string; folder: string } & HubCredentials,
): Promise<boolean> {
  let listing: RevisionListing;
  try {
    listing = await listRevisionFiles(params);
  } catch (error) {
    if (error instanceof RevisionNotFoundError) return false;
    throw error;
  }
  const local = await listFolderFiles(params.folder);
  const remote = listing.files.filter((file) => file.path !== HUB_DEFAULT_FILE || local.includes(file.path));
  if (remote.length !== local.length) return false;
  for (const file of remote) {
    if (!local.includes(file.path) || !(await sameContent(join(params.folder, file.path), file)))
      return false;
  }
  return true;
}
