/**
 * A record of any source: a prompt (or caption) and where its image is, as the source names it: an http(s) URL,
 * a file of a folder source, or a row of a Hugging Face dataset (`hf://datasets/<owner>/<name>@<commit>/<file>#row=<n>`).
 * Only the source that listed a record fetches its image.
 */
export interface SourceRecord {
  prompt: string;
  image_url: string;
  /** ISO 8601 UTC, where the source dates its records (subnet 19's store). */
  timestamp?: string;
}

/** A record of subnet 19's image store: a Midjourney prompt and the URL of its grid. */
export interface VisionRecord extends SourceRecord {
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

/** What a source reports while it lists: retries, and the shards of a dataset as they are fetched. */
export interface ReadRecordsOptions {
  signal?: AbortSignal;
  /** Called for each failed request that is retried. */
  onRetry?: (notice: RetryNotice) => void;
  onEvent?: (event: DatasetEvent) => void;
}

/** How a source fetches one record's image: the download settings, and what to report. */
export interface FetchImageOptions extends Omit<DownloadOptions, 'signal'> {
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
  onEvent?: (event: DatasetEvent) => void;
}

/**
 * Where `generateDataset` reads records: subnet 19's store (`createVisionSource`), a Hugging Face dataset
 * (`createParquetSource`), a folder (`createFolderSource`) or a CSV file (`createCsvSource`); any object of this
 * shape will do.
 */
export interface RecordSource {
  /** Shown in messages and kept in the output folder's manifest: a run resumes only from the same source. */
  readonly name: string;
  /**
   * How `mjVersion` applies: `required` keeps only prompts carrying that `--v` flag (subnet 19's prompts all carry
   * one); `when-present` also keeps prompts without a version flag (datasets often store clean captions).
   */
  readonly versionFilter: 'required' | 'when-present';
  /** The records in the source's order (subnet 19: newest first), read as the caller iterates. */
  records(options?: ReadRecordsOptions): AsyncIterable<SourceRecord>;
  /** The image of a record this source listed; a `SkipError` says why there is none. */
  fetchImage(record: SourceRecord, options: FetchImageOptions): Promise<Buffer>;
}

/** Subnet 19's store: records in pages, newest first; an empty page means there are no more. */
export interface VisionSource extends RecordSource {
  fetchPage(offset: number, limit: number, options?: FetchPageOptions): Promise<VisionRecord[]>;
}

/**
 * A Hugging Face dataset repo's files, as `createParquetSource` needs them. The caller fills it (the CLI with
 * `@pixel/hub`: authentication, the cache, resumable downloads), so this package stays beside the Hub client.
 */
export interface DatasetRepoFiles {
  /** `owner/name`. */
  readonly repo: string;
  /** The branch, tag or commit asked for; `main` when absent. */
  readonly revision?: string;
  /** The revision's full commit id and its files. */
  list(options: {
    signal?: AbortSignal;
  }): Promise<{ commit: string; files: { path: string; size: number }[] }>;
  /** A local copy of one file at `commit` (fetched once, then from the cache), and its path. */
  download(
    file: { commit: string; path: string },
    options: { signal?: AbortSignal; onProgress?: (bytes: number, size: number) => void },
  ): Promise<string>;
}

/** A `--source` value, read by `parseSourceSpec`. */
export type SourceSpec =
  | { kind: 'sn19' }
  /** `owner/name` or `owner/name@revision`, as typed. */
  | { kind: 'hf'; repo: string }
  | { kind: 'folder' | 'csv'; path: string };

/** Columns chosen by flags; when absent, the source picks them from the names and types it finds. */
export interface ColumnChoice {
  /** A `datasets` `Image` feature (`{bytes, path}`), a column of http(s) URLs, or of file names (folders, CSV files). */
  imageColumn?: string;
  captionColumn?: string;
}

/** Options of the HTTP vision source (`createVisionSource`). */
export interface VisionSourceOptions {
  /** Default `https://app.appsmith.com`. */
  baseUrl?: string;
  /** Records per page; the reference asks for 10000. */
  pageSize?: number;
  actionId?: string;
  /** Per page request, the answer's body included. Default 120 s (a 10000-record page is large). */
  timeoutMs?: number;
  /** Further attempts after a timeout, a network error or HTTP 408/429/5xx. Default 3. */
  retries?: number;
  /** First back-off delay, doubled each retry. Default 1 s. */
  backoffMs?: number;
}

/** A kept record with our own 1-based index, which names its files (`000000001_part_1.png`, `000000002.jpg`). */
export interface DatasetRecord extends SourceRecord {
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
  | 'missing-file';

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
  /** Largest image accepted, in bytes, whatever the source. Default 32 MiB (subnet 19's grids are 3-8 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/**
 * Which tiles of each 2048x2048 2x2 grid become samples: all four, or only the top-left as the reference did.
 * Images of any other size are kept whole.
 */
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
  | { type: 'resumed'; records: number }
  | {
      /**
       * A parquet file of a dataset being fetched into the cache (`bytes` so far of `size`; 0 when it starts) or,
       * once there, read.
       */
      type: 'shard';
      path: string;
      /** Its place among the dataset's files, from 1, and their number. */
      number: number;
      count: number;
      bytes: number;
      size: number;
    };

export interface ListRecordsOptions {
  /** How many matching records to collect. */
  numSamples: number;
  /** Midjourney version a prompt must carry (`6` keeps `--v 6` and `--v 6.0`); see `RecordSource.versionFilter`. */
  mjVersion: string | number;
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
  source: RecordSource;
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
