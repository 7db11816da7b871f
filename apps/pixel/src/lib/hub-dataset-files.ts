import type { DatasetRepoFiles } from '@pixel/dataset';
import { downloadDatasetFile, listRevisionFiles } from '@pixel/hub';

/**
 * A Hugging Face dataset repo's files for `--source hf:`, through @pixel/hub: the revision listed at its commit,
 * each shard downloaded once into the Hub cache (`datasets--<owner>--<name>`), resumed after an interruption and
 * checked, with the token for private datasets.
 */
export function hubDatasetFiles(options: {
  repo: string;
  revision?: string;
  cacheDir: string;
  accessToken?: string;
  hubUrl?: string;
}): DatasetRepoFiles {
  const { repo, revision, cacheDir, accessToken, hubUrl } = options;
  return {
    repo,
    ...(revision !== undefined && { revision }),
    async list() {
      const listing = await listRevisionFiles({ repo, revision, repoType: 'dataset', accessToken, hubUrl });
      return { commit: listing.commit, files: listing.files.map(({ path, size }) => ({ path, size })) };
    },
    download: ({ commit, path }, { signal, onProgress }) =>
      downloadDatasetFile({
        repo,
        commit,
        path,
        cacheDir,
        accessToken,
        hubUrl,
        signal,
        onProgress: onProgress && ((progress) => onProgress(progress.bytes, progress.totalBytes)),
      }),
  };
}
