/** A record as subnet 19's image store serves it (newest first). */
export interface VisionRecord {
  prompt: string;
  image_url: string;
  /** ISO 8601, UTC, seconds precision: `2024-04-21T21:14:25Z`. */
  timestamp: string;
}

/**
 * What can go wrong with one record's image:
 * - `not-found`: 404.
 * - `slow`: headers only after `slowMs` (a client with a shorter timeout gives up).
 * - `truncated`: announces the full length, sends half, then drops the connection.
 * - `html`: an HTML error page with status 200 and `content-type: image/png`.
 * - `oversized`: an endless PNG-looking body without a length (the client's size cap must stop it).
 * - `flaky`: the first request gets 503, later ones succeed (retries must recover).
 * - `not-a-grid`: a valid 1536x1024 PNG instead of the 2048x2048 grid.
 * - `duplicate-image`: the same bytes as the previous record's image, under its own URL.
 */
export type ImageFault =
  'not-found' | 'slow' | 'truncated' | 'html' | 'oversized' | 'flaky' | 'not-a-grid' | 'duplicate-image';

/**
 * What can go wrong with the listing (every page request):
 * - `hang`: the request is accepted and read, and never answered (a store that is up but stuck).
 */
export type ListingFault = 'hang';

export interface VisionSourceFaults {
  /** A fault on every page request. */
  listing?: ListingFault;
  /** Faults on images, keyed by the record's position in the generated list (0 = newest). */
  images?: Record<number, ImageFault>;
  /** Positions whose record is listed twice in a row (same prompt, same URL). */
  duplicateRecords?: number[];
  /** Delay of `slow` images; 10 s by default. */
  slowMs?: number;
  /** Delay before every image response, to keep downloads in flight (kill tests, demos). */
  imageDelayMs?: number;
}

export interface RecordSeed {
  prompt: string;
  /** Defaults to one minute apart, newest first. */
  timestamp?: string;
}

export interface VisionSourceOptions {
  /** The records to serve, newest first; image URLs are assigned by the server. */
  records?: readonly RecordSeed[];
  /** Without `records`: how many generated records to serve (8 by default). */
  count?: number;
  faults?: VisionSourceFaults;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * Generate every image before starting (instead of on first request), so a client's timeouts measure
   * serving, not generation. Tests with short timeouts want this; a large demo store does not.
   */
  pregenerate?: boolean;
}

/** How many requests each path received, for tests that must prove a file was not fetched again. */
export interface VisionSourceStats {
  pageRequests: number;
  imageRequests: Record<string, number>;
}

export interface RunningVisionSource {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The records as listed (after duplicate-record faults), with their image URLs. */
  records: readonly VisionRecord[];
  setFaults(faults: VisionSourceFaults): void;
  /**
   * New images arrive: the records are listed before all others (newest first, in the order given;
   * without timestamps, one minute apart after the newest so far). Returns them with their image URLs.
   */
  publish(records: readonly RecordSeed[]): VisionRecord[];
  stats(): VisionSourceStats;
  stop(): Promise<void>;
}
