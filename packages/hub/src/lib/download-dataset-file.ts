import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathsInfo } from '@huggingface/hub';
import { FileNotFoundError } from '../errors.js';
import type { HubCredentials, RetryOptions, TransferProgress } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { downloadFileResumable } from '../utils/download-file-resumable.js';
import { safeRelativePath } from '../utils/safe-relative-path.js';
import { translateHubError } from '../utils/translate-hub-error.js';
import { parseRepoId } from './parse-repo-id.js';

/**
 * One file of a dataset repo at a commit (a shard of a `hf:` dataset source), downloaded once into
 * `<cacheDir>/datasets--<namespace>--<name>/snapshots/<commit>/<path>` and returned as that path. The transfer
 * is the models' one: streamed into `blobs/<sha>.incomplete`, resumed with a `Range` request after a dropped
 * connection or in a later run, checked against the Hub's sha256 or blob id, then renamed into the snapshot. A
 * file already in the snapshot was verified when it was put there, so it is returned without asking the Hub.
 */
export async function downloadDatasetFile(
  params: {
    repo: string;
    /** A full commit id (`listRevisionFiles(...).commit`): a snapshot's files never change. */
    commit: string;
    path: string;
    cacheDir: string;
    retry?: RetryOptions;
    onProgress?: (progress: TransferProgress) => void;
    signal?: AbortSignal;
  } & HubCredentials,
): Promise<string> {
  const { id: repo, namespace, name } = parseRepoId(params.repo);
  const storage = join(params.cacheDir, `datasets--${namespace}--${name}`);
  const snapshotDir = join(storage, 'snapshots', params.commit);
  const finalPath = join(snapshotDir, safeRelativePath(params.path));
  const present = await lstat(finalPath).then(
    (info) => info.isFile(),
    () => false,
  );
  if (present) return finalPath;

  const hub = createHubFetch();
  const common = { accessToken: params.accessToken, hubUrl: params.hubUrl, fetch: hub.fetch };
  const [entry] = await pathsInfo({
    ...common,
    repo: { type: 'dataset', name: repo },
    paths: [params.path],
    revision: params.commit,
  }).catch((error: unknown) => {
    throw translateHubError(error, {
      repo,
      revision: params.commit,
      path: params.path,
      authenticated: params.accessToken !== undefined,
      errorCode: hub.lastErrorCode(),
    });
  });
  if (entry?.type !== 'file') throw new FileNotFoundError(repo, params.commit, params.path);
  await downloadFileResumable({
    repo,
    repoType: 'dataset',
    commit: params.commit,
    file: {
      path: entry.path,
      size: entry.size,
      oid: entry.oid ?? '',
      ...(entry.lfs && { sha256: entry.lfs.oid }),
    },
    snapshotDir,
    blobsDir: join(storage, 'blobs'),
    ...common,
    lastErrorCode: hub.lastErrorCode,
    retry: params.retry,
    onProgress: params.onProgress,
    signal: params.signal,
  });
  return finalPath;
}
