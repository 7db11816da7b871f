/** Where and as whom to talk to the Hub. Every call takes the token explicitly; nothing reads it behind your back. */
export interface HubCredentials {
  /** A Hugging Face token (`hf_…`); see `readAccessToken`. Reads of public repos work without one. */
  accessToken?: string;
  /** Hub base URL; defaults to https://huggingface.co (tests use a local Hub). */
  hubUrl?: string;
}

/** The kinds of repo @pixel/hub reads: models (the default) and datasets (`hf:` dataset sources). */
export type RepoType = 'model' | 'dataset';

/** A model repo id as typed, checked by `parseRepoId`. */
export interface RepoId {
  /** `namespace/name`. */
  id: string;
  namespace: string;
  name: string;
  /** From `namespace/name@revision`: a commit id, branch or tag; absent when none was named. */
  revision?: string;
}

/** One file of a revision, as the Hub lists it. */
export interface RevisionFile {
  path: string;
  /** Size in bytes of the real content (for LFS files: of the large file, not the pointer). */
  size: number;
  /** Git blob id (for LFS files: of the pointer). */
  oid: string;
  /** Hex sha256 of the content, present for LFS files. */
  sha256?: string;
}

export interface RevisionListing {
  repo: string;
  /** The full commit id the revision resolved to. */
  commit: string;
  files: RevisionFile[];
  totalBytes: number;
}

export interface TransferProgress {
  phase: 'hashing' | 'uploading' | 'downloading';
  path: string;
  /** Bytes of this file done so far, and its size. */
  bytes: number;
  totalBytes: number;
}

export interface RetryOptions {
  /** Attempts per file before giving up (default 5). */
  attempts?: number;
  /** Delay before the first retry, doubled each time up to `maxDelayMs` (defaults 500 ms and 8 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** A repo as its owner sees it. */
export interface RepoState {
  /** Private repos are invisible to anyone but their owner (and their organisation). */
  private: boolean;
  /** The head commit of `main`. */
  head: string;
}

/** Who a token belongs to (whoami), once checked for write access to a namespace. */
export interface WriteAccess {
  user: string;
  /** `write`, or `fineGrained` (whose per-repo permissions only the upload itself meets). */
  role: string;
}

export interface UploadModelResult {
  repo: string;
  /** The commit id of the upload: the `commit` field of the ModelId committed on chain. */
  commit: string;
  /** Whether the repo was created (private) by this upload. */
  createdRepo: boolean;
}

export interface DownloadResult {
  repo: string;
  commit: string;
  /** `<cacheDir>/models--<namespace>--<name>/snapshots/<commit>`, holding real files. */
  snapshotDir: string;
  files: RevisionFile[];
  totalBytes: number;
}

export interface DownloadModelResult extends DownloadResult {
  /** The reference directory hash of the snapshot: the `hash` field of the ModelId. */
  hash: string;
}
