/** A record of subnet 19's image store: a Midjourney prompt and where its image lives. */
export interface VisionRecord {
  prompt: string;
  image_url: string;
  /** ISO 8601 UTC, e.g. `2024-04-21T21:14:25Z`. */
  timestamp: string;
}

/** An attempt failed and another follows after `delayMs`: reported when it happens, not at the end. */
export interface RetryNotice {
  /** The attempt that failed, from 1. */
  attempt: number;
  /** Attempts in all (retries + 1). */
  attempts: number;
  /** Wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface FetchPageOptions {
  signal?: AbortSignal;
  /** Called for each failed attempt that is retried. */
  onRetry?: (notice: RetryNotice) => void;
}

/** Where records come from: pages, newest first. An empty page means there are no more. */
export interface VisionSource {
  /** Shown in messages, e.g. the base URL. */
  readonly name: string;
  fetchPage(offset: number, limit: number, options?: FetchPageOptions): Promise<VisionRecord[]>;
}

/** Options of the HTTP vision source (`createVisionSource`). */
export interface VisionSourceOptions {
  /** Default `https://app.appsmith.com`. */
  baseUrl?: string;
  actionId?: string;
  /** Per page request, the answer's body included. Default 120 s (a 10000-record page is large). */
  timeoutMs?: number;
  /** Further attempts after a timeout, a network error or HTTP 408/429/5xx. Default 3. */
  retries?: number;
  /** First back-off delay, doubled each retry. Default 1 s. */
  backoffMs?: number;
}

/** A kept record with our own 1-based index, which names its files (`000000001_part_1.png`). */
export interface DatasetRecord extends VisionRecord {
  index: number;
}

/** Why a record produced no samples. */
export type SkipReason =
  | 'duplicate-record'
  | 'duplicate-image'
  | 'http-error'
  | 'timeout'
  | 'network-error'
  | 'too-large'
  | 'not-an-image'
  | 'undecodable'
  | 'not-a-2x2-grid';

export interface SkippedRecord {
  index: number;
  image_url: string;
  reason: SkipReason;
  detail: string;
}

export interface DownloadOptions {
  /** Per attempt, headers and body together. Default 60 s. */
  timeoutMs?: number;
  /** Further attempts after a timeout, a dropped connection, HTTP 408/429/5xx. Default 3. */
  retries?: number;
  /** First back-off delay, doubled each retry. Default 500 ms. */
  backoffMs?: number;
  /** Largest image accepted, in bytes. Default 32 MiB (subnet 19's grids are 3-8 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Which tiles of each 2x2 grid become samples: all four, or only the top-left as the reference did. */
export type TileSelection = 'all' | 'top-left';

export type DatasetPhase = 'listing' | 'downloading' | 'splitting';

export type DatasetEvent =
  | { type: 'progress'; phase: DatasetPhase; done: number; total: number; bytes?: number }
  | ({ type: 'skipped' } & SkippedRecord)
  | {
      type: 'retry';
      /** `listing`: a page of the source (`url` is the source); `downloading`: an image (`url` is the image). */
      phase: 'listing' | 'downloading';
      url: string;
      attempt: number;
      attempts: number;
      delayMs: number;
      error: string;
    }
  | { type: 'resumed'; records: number };

export interface ListRecordsOptions {
  /** How many matching records to collect. */
  numSamples: number;
  /** Midjourney version a prompt must carry (`6` keeps `--v 6` and `--v 6.0`). */
  mjVersion: string | number;
  /** Records per page; the reference asks for 10000. */
  pageSize?: number;
  onEvent?: (event: DatasetEvent) => void;
  signal?: AbortSignal;
}

export interface ListedRecords {
  records: DatasetRecord[];
  /** Records read from the source, matching or not. */
  scanned: number;
  /** Records whose image URL was already listed. */
  duplicates: number;
}

export interface GenerateDatasetOptions extends ListRecordsOptions {
  source: VisionSource;
  outputDir: string;
  tiles?: TileSelection;
  /** Simultaneous downloads. Default 8. */
  concurrency?: number;
  /** Images split at once; default the number of cores. */
  splitConcurrency?: number;
  download?: Omit<DownloadOptions, 'signal'>;
  /**
   * Metadata files to write; default both, with the same rows. Hugging Face `datasets`' imagefolder loader
   * (used by the Python reference trainer) refuses a folder holding both: pass one format for it. A format
   * not asked for is removed if an earlier run left it.
   */
  metadata?: readonly MetadataFormat[];
}

export interface DatasetSummary {
  outputDir: string;
  /** Records whose tiles are in the folder (including those from an earlier run). */
  kept: number;
  /** Of `kept`, records finished by an earlier run and not fetched again. */
  resumed: number;
  /** Samples (tiles) in the metadata. */
  samples: number;
  skipped: Partial<Record<SkipReason, number>>;
  skippedRecords: SkippedRecord[];
  /** Records read from the source while listing (0 when resuming from the manifest). */
  scanned: number;
  /** Bytes downloaded by this run. */
  bytesDownloaded: number;
  elapsedMs: number;
  /** The metadata files written. */
  metadataFiles: string[];
}

export type MetadataFormat = 'csv' | 'jsonl';

/** One row of `metadata.csv` / `metadata.jsonl`. */
export interface MetadataRow {
  file_name: string;
  text: string;
}

/** Image formats recognised by their magic bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';
