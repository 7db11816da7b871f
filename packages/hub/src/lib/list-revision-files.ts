import { datasetInfo, listFiles, modelInfo } from '@huggingface/hub';
import type { HubCredentials, RepoType, RevisionListing } from '../types/public.js';
import { createHubFetch } from '../utils/create-hub-fetch.js';
import { parseRepoId } from './parse-repo-id.js';
import { translateHubError } from '../utils/translate-hub-error.js';

/**
 * The files of a model repo (or, with `repoType: 'dataset'`, a dataset repo) at `revision` (branch or commit id,
 * default `main`) with their sizes and, for LFS files, their sha256; resolved to the full commit id first so the
 * listing cannot shift under a new push.
 */
export async function listRevisionFiles(
  params: { repo: string; revision?: string; repoType?: RepoType } & HubCredentials,
): Promise<RevisionListing> {
  const { id: repo } = parseRepoId(params.repo);
  const revision = params.revision ?? 'main';
  const hub = createHubFetch();
  const common = { accessToken: params.accessToken, hubUrl: params.hubUrl, fetch: hub.fetch };
  const info = { ...common, name: repo, revision, additionalFields: ['sha'] as ['sha'] };
  try {
    const { sha: commit } = await (params.repoType === 'dataset' ? datasetInfo(info) : modelInfo(info));
    const files: RevisionListing['files'] = [];
    const designation = { type: params.repoType ?? 'model', name: repo };
    for await (const entry of listFiles({
      ...common,
      repo: designation,
      revision: commit,
      recursive: true,
    })) {
      if (entry.type !== 'file') continue;
      files.push({
        path: entry.path,
        size: entry.size,
        oid: entry.oid ?? '',
        ...(entry.lfs && { sha256: entry.lfs.oid }),
      });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { repo, commit, files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
  } catch (error) {
    throw translateHubError(error, {
      repo,
      revision,
      authenticated: params.accessToken !== undefined,
      errorCode: hub.lastErrorCode(),
    });
  }
}
