import { UnavailableError, UsageError } from '@pixel/constraints';
import type { VisionRecord, VisionSource, VisionSourceOptions } from '../types/public.js';
import { downloadImage } from './download-image.js';
import { OTHER_SOURCES_HINT } from './other-sources-hint.js';
import { withRetries } from './with-retries.js';

/** Subnet 19's image store: an Appsmith app whose "execute action" call pages the `sota_images` table. */
export const DEFAULT_VISION_SOURCE_URL = 'https://app.appsmith.com';
/** The action the reference client executes. */
export const DEFAULT_VISION_ACTION_ID = '65f45de1650b177b352c8588';
export const VISION_SOURCE_URL_ENV = 'PIXEL_VISION_SOURCE_URL';

// The reference's form, field for field: k0 search text, k1 offset, k2 page size, k3 ordering.
const PARAMETER_MAP = JSON.stringify({
  'sota_images.searchText': 'k0',
  'sota_images.pageOffset': 'k1',
  'sota_images.pageSize': 'k2',
  'sota_images.sortOrder.column ? "ORDER BY " + sota_images.sortOrder.column + "  " + (sota_images.sortOrder.order !== "desc" ? "" : "DESC") : ""':
    'k3',
});

/** Seconds as people write them: `0.2 s`, `60 s`. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/**
 * Subnet 19's image store (the `sn19` source): pages records newest first with the same Appsmith call as the
 * reference client (`POST <baseUrl>/api/v1/actions/execute`, multipart form, records in `data.body`), and
 * downloads each record's grid from its URL. Each page request, its answer's body included, has `timeoutMs`;
 * timeouts, dropped connections and HTTP 408/429/5xx are retried (each retry reported through `onRetry`), and a
 * store that never answered ends in an `UnavailableError` saying that it appears to be offline and naming the
 * sources that exist. An answer that is not an image store's is a `UsageError` (a wrong URL, or the store is gone).
 */
export function createVisionSource(options: VisionSourceOptions = {}): VisionSource {
  const baseUrl = (options.baseUrl ?? DEFAULT_VISION_SOURCE_URL).replace(/\/+$/, '');
  const page: PageRequest = {
    baseUrl,
    endpoint: executeEndpoint(baseUrl, options.baseUrl),
    actionId: options.actionId ?? DEFAULT_VISION_ACTION_ID,
    timeoutMs: options.timeoutMs ?? 120_000,
  };
  const retries = options.retries ?? 3;
  const pageSize = options.pageSize ?? 10_000;

  const source: VisionSource = {
    name: baseUrl,
    versionFilter: 'required',
    async *records({ signal, onRetry } = {}) {
      for (let offset = 0; ; offset += pageSize) {
        const page = await source.fetchPage(offset, pageSize, { signal, onRetry });
        if (page.length === 0) return;
        yield* page;
      }
    },
    fetchImage: (record, fetchOptions) => downloadImage(record.image_url, fetchOptions),
    async fetchPage(offset, limit, { signal, onRetry } = {}) {
      try {
        return await withRetries(() => fetchPageOnce(page, offset, limit, signal), {
          retries,
          backoffMs: options.backoffMs ?? 1000,
          signal,
          isRetryable: (error) => error instanceof UnavailableError,
          onRetry,
        });
      } catch (error) {
        if (!(error instanceof UnavailableError) || signal?.aborted) throw error;
        throw new UnavailableError(
          `${error.message}; gave up after ${retries + 1} attempt${retries === 0 ? '' : 's'}. Subnet 19's image ` +
            'store appears to be offline (subnet 19 now serves inference, and the Appsmith store the seed read no ' +
            `longer answers): build the dataset from another source, ${OTHER_SOURCES_HINT}. If ${baseUrl} is a ` +
            `store you run, check that it is reachable (--source-url or ${VISION_SOURCE_URL_ENV}), or allow more ` +
            'time with --timeout, and run again.',
          { cause: error },
        );
      }
    },
  };
  return source;
}

/** An answer that is not an image store's: a wrong URL, or the store is gone. */
function notAStore(what: string): UsageError {
  return new UsageError(
    `${what}: it is not subnet 19's image store, or the store is gone. Check --source-url, or build the dataset ` +
      `from another source, ${OTHER_SOURCES_HINT}.`,
  );
}

/** What every page request of one source shares. */
interface PageRequest {
  baseUrl: string;
  endpoint: URL;
  actionId: string;
  timeoutMs: number;
}

/** The store's "execute action" URL; anything but http(s) is refused naming the flag and the value given. */
function executeEndpoint(baseUrl: string, given: string | undefined): URL {
  const endpoint = URL.canParse(`${baseUrl}/api/v1/actions/execute`)
    ? new URL(`${baseUrl}/api/v1/actions/execute`)
    : undefined;
  if (endpoint?.protocol !== 'http:' && endpoint?.protocol !== 'https:') {
    throw new UsageError(
      `The vision source URL (--source-url or ${VISION_SOURCE_URL_ENV}) must be an http(s) URL such as ` +
        `${DEFAULT_VISION_SOURCE_URL}, got ${JSON.stringify(given)}`,
    );
  }
  return endpoint;
}

/** One attempt at one page: the records of `limit` rows from `offset`, newest first. */
async function fetchPageOnce(
  page: PageRequest,
  offset: number,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<VisionRecord[]> {
  const { status, text } = await postExecuteAction(
    page,
    executeActionForm(page.actionId, offset, limit),
    signal,
  );
  if (status < 200 || status >= 300) {
    const message = `${page.baseUrl} answered HTTP ${status} for records ${offset}..${offset + limit}`;
    if (status === 408 || status === 429 || status >= 500) throw new UnavailableError(message);
    throw notAStore(message);
  }
  return parseRecords(page.baseUrl, text);
}

/** The reference client's multipart form, field for field, asking for `limit` records from `offset`. */
function executeActionForm(actionId: string, offset: number, limit: number): FormData {
  const form = new FormData();
  const blob = (text: string) => new Blob([text], { type: 'text/plain' });
  const paramProperties = Object.fromEntries(
    ['k0', 'k1', 'k2', 'k3'].map((k) => [
      k,
      { datatype: k === 'k1' || k === 'k2' ? 'number' : 'string', blobIdentifiers: [] },
    ]),
  );
  form.set(
    'executeActionDTO',
    JSON.stringify({
      actionId,
      viewMode: true,
      paramProperties,
      analyticsProperties: { isUserInitiated: false },
      paginationField: 'NEXT',
    }),
  );
  form.set('parameterMap', PARAMETER_MAP);
  form.set('k0', blob(''), 'blob');
  form.set('k1', blob(String(offset)), 'blob');
  form.set('k2', blob(String(limit)), 'blob');
  form.set('k3', blob('ORDER BY timestamp  DESC'), 'blob');
  return form;
}

/**
 * Posts the form and reads the whole answer under one deadline; a timeout or a failed connection is an
 * `UnavailableError` (retried), the caller's abort its own reason.
 */
async function postExecuteAction(
  page: PageRequest,
  form: FormData,
  signal: AbortSignal | undefined,
): Promise<{ status: number; text: string }> {
  const timeout = AbortSignal.timeout(page.timeoutMs);
  try {
    const res = await fetch(page.endpoint, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', 'x-requested-by': 'Appsmith' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    // The body is under the same deadline: a store may send headers and then stall.
    return { status: res.status, text: await res.text() };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted)
      throw new UnavailableError(`${page.baseUrl} did not answer within ${seconds(page.timeoutMs)}`);
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new UnavailableError(
      `could not reach ${page.baseUrl}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    );
  }
}

/** The usable records of an answer; an answer that is not an image store's is a `UsageError`. */
function parseRecords(baseUrl: string, text: string): VisionRecord[] {
  let body: unknown;
  try {
    body = (JSON.parse(text) as { data?: { body?: unknown } }).data?.body;
  } catch {
    throw notAStore(`${baseUrl} did not answer JSON (it starts with ${JSON.stringify(text.slice(0, 40))})`);
  }
  if (!Array.isArray(body)) {
    throw notAStore(`${baseUrl} answered without a record list in data.body`);
  }
  return body.filter(isVisionRecord);
}

/** Rows without a prompt or image URL are not usable records; the reference skipped them too. */
function isVisionRecord(row: unknown): row is VisionRecord {
  const r = row as Partial<VisionRecord> | null;
  return typeof r?.prompt === 'string' && typeof r.image_url === 'string' && r.image_url.length > 0;
}
