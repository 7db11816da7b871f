import type { VisionRecord, VisionSource, VisionSourceOptions } from '../types/public.js';
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

class PageError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * The HTTP vision source: pages records newest first with the same Appsmith call as the reference
 * client (`POST <baseUrl>/api/v1/actions/execute`, multipart form, records in `data.body`).
 */
export function createVisionSource(options: VisionSourceOptions = {}): VisionSource {
  const baseUrl = (options.baseUrl ?? DEFAULT_VISION_SOURCE_URL).replace(/\/+$/, '');
  let endpoint: URL;
  try {
    endpoint = new URL(`${baseUrl}/api/v1/actions/execute`);
  } catch {
    throw new Error(
      `Vision source URL "${baseUrl}" is not a URL; pass e.g. --source-url http://127.0.0.1:8080.`,
    );
  }
  const actionId = options.actionId ?? DEFAULT_VISION_ACTION_ID;
  const timeoutMs = options.timeoutMs ?? 120_000;

  const fetchOnce = async (offset: number, limit: number, signal?: AbortSignal): Promise<VisionRecord[]> => {
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
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        body: form,
        headers: { accept: 'application/json', 'x-requested-by': 'Appsmith' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new PageError(`could not reach ${baseUrl}: ${(error as Error).message}`, true);
    }
    const text = await res.text();
    if (!res.ok)
      throw new PageError(
        `${baseUrl} answered HTTP ${res.status} for records ${offset}..${offset + limit}`,
        res.status >= 500,
      );
    let body: unknown;
    try {
      body = (JSON.parse(text) as { data?: { body?: unknown } }).data?.body;
    } catch {
      throw new PageError(
        `${baseUrl} did not answer JSON (starts with ${JSON.stringify(text.slice(0, 40))}); is --source-url right?`,
        false,
      );
    }
    if (!Array.isArray(body)) {
      throw new PageError(
        `${baseUrl} answered without a record list in data.body; is --source-url an image store?`,
        false,
      );
    }
    return body.filter(isVisionRecord);
  };

  return {
    name: baseUrl,
    fetchPage: (offset, limit, signal) =>
      withRetries(() => fetchOnce(offset, limit, signal), {
        retries: options.retries ?? 3,
        backoffMs: options.backoffMs ?? 1000,
        signal,
        isRetryable: (error) => error instanceof PageError && error.retryable,
      }),
  };
}

/** Rows without a prompt or image URL are not usable records; the reference skipped them too. */
function isVisionRecord(row: unknown): row is VisionRecord {
  const r = row as Partial<VisionRecord> | null;
  return typeof r?.prompt === 'string' && typeof r.image_url === 'string' && r.image_url.length > 0;
}
