export { readAccessToken } from './lib/read-access-token.js';
export { parseRepoId } from './lib/parse-repo-id.js';
export { uploadModel } from './lib/upload-model.js';
export { setRepoVisibility } from './lib/set-repo-visibility.js';
export { checkWriteAccess } from './lib/check-write-access.js';
export { getRepoState } from './lib/get-repo-state.js';
export { folderMatchesRevision } from './lib/folder-matches-revision.js';
export { listRevisionFiles } from './lib/list-revision-files.js';
export { downloadModel } from './lib/download-model.js';
export { downloadPipelineParts } from './lib/download-pipeline-parts.js';
export { downloadDatasetFile } from './lib/download-dataset-file.js';
export {
  ChecksumMismatchError,
  DiskFullError,
  FileNotFoundError,
  InvalidFolderError,
  InvalidRepoIdError,
  InvalidTokenError,
  MissingTokenError,
  NamespaceAccessDeniedError,
  PixelHubError,
  RepoAccessDeniedError,
  RepoIsPublicError,
  RepoNotFoundError,
  RepoTooLargeError,
  RevisionNotFoundError,
  TransferFailedError,
  type PixelHubErrorCode,
} from './errors.js';
export type {
  DownloadModelResult,
  DownloadResult,
  HubCredentials,
  RepoId,
  RepoState,
  RepoType,
  RetryOptions,
  RevisionFile,
  RevisionListing,
  TransferProgress,
  UploadModelResult,
  WriteAccess,
} from './types/public.js';
