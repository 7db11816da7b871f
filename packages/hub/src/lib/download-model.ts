import { getCompetition, hashDirectory } from '@pixel/constraints';
import { PixelHubError } from '../errors.js';
import type { DownloadModelResult, HubCredentials, RetryOptions, TransferProgress } from '../types/public.js';
import { downloadRevision } from '../utils/download-revision.js';
import { listFolderFiles } from '../utils/list-folder-files.js';

/**
 * Download a miner's model at an exact revision the way validators do, and compute its reference hash.
 * Refuses, before fetching any file, a revision larger than the competition's limit. Files land as real files
 * in `<cacheDir>/models--<namespace>--<name>/snapshots/<commit>/`; interrupted downloads resume; each file is
 * checked against the Hub's sha256 (LFS) or git blob id.
 */
export async function downloadModel(
  params: {
    repo: string;
    /** The commit id from the chain (or a branch name). Default `main`. */
    revision?: string;
    cacheDir: string;
    /** Competition whose size limit applies; default the original one (`m6`). */
    competitionId?: string;
    /** Overrides the competition's limit (bytes), e.g. for a stricter check. */
    maxRepoBytes?: number;
    retry?: RetryOptions;
    onProgress?: (progress: TransferProgress) => void;
  } & HubCredentials,
): Promise<DownloadModelResult> {
  const maxBytes = params.maxRepoBytes ?? getCompetition(params.competitionId).maxRepoBytes;
  const result = await downloadRevision({ ...params, maxBytes });
  // The hash covers every file in the folder, so a stray file would silently change it.
  const expected = new Set(result.files.map((file) => file.path));
  const strays = (await listFolderFiles(result.snapshotDir)).filter((path) => !expected.has(path));
  if (strays.length > 0) {
    throw new PixelHubError(
      'INVALID_FOLDER',
      `The snapshot ${result.snapshotDir} holds files that are not part of the revision (${strays.join(', ')}); ` +
        `delete them and run again, or its hash would not match the validators'.`,
    );
  }
  return { ...result, hash: await hashDirectory(result.snapshotDir) };
}
