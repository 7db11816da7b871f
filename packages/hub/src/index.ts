export { readAccessToken } from './lib/read-access-token.js';
export { uploadModel } from './lib/upload-model.js';
export { setRepoVisibility } from './lib/set-repo-visibility.js';
export { listRevisionFiles } from './lib/list-revision-files.js';
export { downloadModel } from './lib/download-model.js';
export { downloadPipelineParts } from './lib/download-pipeline-parts.js';
export {
  ChecksumMismatchError,
  DiskFullError,
  FileNotFoundError,
  InvalidFolderError,
  InvalidRepoIdError,
  InvalidTokenError,
  MissingTokenError,
  PixelHubError,
  RepoAccessDeniedError,
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
  RetryOptions,
  RevisionFile,
  RevisionListing,
  TransferProgress,
  UploadModelResult,
} from './types/public.js';
