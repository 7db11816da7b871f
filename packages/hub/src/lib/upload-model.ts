import { join } from 'node:path';
import { commitIter, createRepo, HubApiError, type CommitOperation } from '@huggingface/hub';
import { MissingTokenError, PixelHubError, RepoIsPublicError } from '../errors.js';
import type { HubCredentials, RetryOptions, TransferProgress, UploadModelResult } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { FileBlob } from '../utils/file-blob.js';
import { listFolderFiles } from '../utils/list-folder-files.js';
import { parseRepoId } from './parse-repo-id.js';
import { translateHubError } from '../utils/translate-hub-error.js';
import { getRepoState } from './get-repo-state.js';

/**
 * Upload every file of `folder` to the model repo `repo` in one commit and return its commit id.
 * A missing repo is created private (it stays private until the chain commitment lands, so nobody can
 * copy the model first); an existing public repo is refused (`RepoIsPublicError`) unless `allowPublicRepo`,
 * since the new revision would be downloadable before its commitment. Large files go through LFS, streamed
 * from disk: memory does not grow with their size.
 */
export async function uploadModel(
  params: {
    repo: string;
    folder: string;
    commitMessage?: string;
    onProgress?: (progress: TransferProgress) => void;
    /** Back-off for LFS uploads whose connection drops (each retry sends the file again). */
    retry?: RetryOptions;
    signal?: AbortSignal;
    /** Commit into an existing public repo too (default: refused, see above). */
    allowPublicRepo?: boolean;
  } & HubCredentials,
): Promise<UploadModelResult> {
  const { id: repo } = parseRepoId(params.repo);
  if (!params.accessToken) throw new MissingTokenError(`Uploading to ${repo}`);
  const paths = await listFolderFiles(params.folder);
  const hub = createHubFetch({ uploadRetry: params.retry });
  const common = { accessToken: params.accessToken, hubUrl: params.hubUrl, fetch: hub.fetch };

  try {
    const createdRepo = await createRepo({ ...common, repo, visibility: 'private' }).then(
      () => true,
      (error: unknown) => {
        // 409: it already exists, which is fine if it is private (checked next); its visibility is left as it is.
        if (error instanceof HubApiError && error.statusCode === 409) return false;
        throw error;
      },
    );
    if (!createdRepo && !params.allowPublicRepo) {
      const state = await getRepoState({ repo, accessToken: params.accessToken, hubUrl: params.hubUrl });
      if (state && !state.private) throw new RepoIsPublicError(repo);
    }

    const sizes = new Map<string, number>();
    const operations: CommitOperation[] = await Promise.all(
      paths.map(async (path) => {
        // A file-backed Blob: hashing and the LFS PUT stream it from disk instead of reading it into memory.
        const content = await FileBlob.open(join(params.folder, path));
        sizes.set(path, content.size);
        return { operation: 'addOrUpdate' as const, path, content };
      }),
    );

    const iterator = commitIter({
      ...common,
      repo,
      operations,
      title: params.commitMessage ?? `Upload ${paths.length} files`,
      // The plain LFS path is the one the local Hub tests exercise; the Hub accepts it for every repo.
      useXet: false,
      abortSignal: params.signal,
    });
    let step = await iterator.next();
    while (!step.done) {
      const event = step.value;
      if (event.event === 'fileProgress' && event.state !== 'error' && params.onProgress) {
        const totalBytes = sizes.get(event.path) ?? 0;
        params.onProgress({
          phase: event.state,
          path: event.path,
          bytes: Math.round(event.progress * totalBytes),
          totalBytes,
        });
      }
      step = await iterator.next();
    }
    const commit = step.value?.commit.oid;
    if (!commit)
      throw new PixelHubError('TRANSFER_FAILED', `The Hub returned no commit id for the upload to ${repo}.`);
    return { repo, commit, createdRepo };
  } catch (error) {
    throw translateHubError(error, { repo, authenticated: true, errorCode: hub.lastErrorCode() });
  }
}
