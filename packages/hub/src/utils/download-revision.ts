import { dirname, join } from 'node:path';
import { createFolder, writeFileAtomic } from '@pixel/files';
import { RepoTooLargeError } from '../errors.js';
import { listRevisionFiles } from '../lib/list-revision-files.js';
import type {
  DownloadResult,
  HubCredentials,
  RetryOptions,
  RevisionFile,
  TransferProgress,
} from '../types/public.js';
import { CACHE_DIR_HINT } from './cache-dir-hint.js';
import { createHubFetch } from './create-hub-fetch.js';
import { downloadFileResumable } from './download-file-resumable.js';
import { parseRepoId } from '../lib/parse-repo-id.js';

export interface RevisionDownload extends HubCredentials {
  repo: string;
  revision?: string;
  cacheDir: string;
  /** Refuse the revision, before fetching anything, when all its files add up to more than this. */
  maxBytes?: number;
  /** Which of the revision's files to fetch (default: all). */
  select?: (files: RevisionFile[]) => RevisionFile[];
  retry?: RetryOptions;
  onProgress?: (progress: TransferProgress) => void;
}

/**
 * Download (the selected files of) a revision into the Hugging Face cache layout,
 * `<cacheDir>/models--<namespace>--<name>/snapshots/<commit>/`, one file at a time, with real files only.
 */
export async function downloadRevision(params: RevisionDownload): Promise<DownloadResult> {
  const { namespace, name } = parseRepoId(params.repo);
  const listing = await listRevisionFiles(params);
  if (params.maxBytes !== undefined && listing.totalBytes > params.maxBytes) {
    throw new RepoTooLargeError(listing.repo, listing.totalBytes, params.maxBytes);
  }
  const files = params.select ? params.select(listing.files) : listing.files;
  const storage = join(params.cacheDir, `models--${namespace}--${name}`);
  const snapshotDir = join(storage, 'snapshots', listing.commit);
  const revision = params.revision ?? 'main';
  if (revision !== listing.commit && /^[\w.-]+$/.test(revision)) {
    // As the Hugging Face cache does: remember which commit a branch name pointed to.
    const ref = join(storage, 'refs', revision);
    await createFolder(dirname(ref), { elsewhere: CACHE_DIR_HINT });
    await writeFileAtomic(ref, listing.commit, { elsewhere: CACHE_DIR_HINT });
  }
  const hub = createHubFetch();
  for (const file of files) {
    await downloadFileResumable({
      repo: listing.repo,
      commit: listing.commit,
      file,
      snapshotDir,
      blobsDir: join(storage, 'blobs'),
      accessToken: params.accessToken,
      hubUrl: params.hubUrl,
      fetch: hub.fetch,
      lastErrorCode: hub.lastErrorCode,
      retry: params.retry,
      onProgress: params.onProgress,
    });
  }
  return {
    repo: listing.repo,
    commit: listing.commit,
    snapshotDir,
    files,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
  };
}
