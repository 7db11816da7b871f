import { Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { FileBlob } from './file-blob.js';
import { TransferFailedError } from '../errors.js';
import type { RetryOptions } from '../types/public.js';
import { httpRequest, toHeaders } from './http-request.js';
import { withRetry } from './with-retry.js';

/**
 * A `fetch` for `@huggingface/hub` calls that keeps what the library drops: the Hub's `X-Error-Code` of the
 * last failed response (to tell a missing revision from a missing repo). File uploads (`PUT` of a Blob) go
 * through Node's HTTP client with backpressure, so a multi-GB LFS object is streamed from disk rather than
 * buffered, with byte-level progress (which the library only reports through XMLHttpRequest), and are
 * retried with back-off when the connection drops.
 */
export function createHubFetch(options: { uploadRetry?: RetryOptions } = {}): {
  fetch: typeof fetch;
  lastErrorCode(): string | undefined;
} {
  let lastErrorCode: string | undefined;
  const hubFetch: typeof fetch = async (input, init) => {
    const response =
      init?.method === 'PUT' && init.body instanceof Blob
        ? await putWithRetry(
            String(input instanceof Request ? input.url : input),
            init,
            init.body,
            options.uploadRetry,
          )
        : await fetch(input, init);
    if (!response.ok) lastErrorCode = response.headers.get('X-Error-Code') ?? undefined;
    return response;
  };
  return { fetch: hubFetch, lastErrorCode: () => lastErrorCode };
}

async function putWithRetry(url: string, init: RequestInit, blob: Blob, retry: RetryOptions | undefined) {
  let attempts = 0;
  try {
    return await withRetry(
      () => {
        attempts += 1;
        return putBlob(url, init, blob);
      },
      retry,
      // A dropped connection restarts the PUT (storage URLs take the whole object again); answers do not.
      (error) => (error as Error).name !== 'AbortError',
    );
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    const reason = (error as Error).message;
    throw new TransferFailedError(
      `Uploading a ${blob.size}-byte file to the Hub's storage failed after ${attempts} attempts (${reason}). ` +
        `Check your network and run the upload again.`,
      { cause: error },
    );
  }
}

interface ProgressHint {
  progressCallback?: (progress: number) => void;
  /** Set on multipart part uploads: `part` is the 0-based index of `numParts` parts of one file. */
  part?: number;
  numParts?: number;
}

/** Per file (keyed by its progress callback), how far each part of a multipart upload has come. */
const multipartProgress = new WeakMap<(progress: number) => void, number[]>();

/** The file-level progress reporter for this request: a part reports its share of the whole file. */
function progressReporter(hint: ProgressHint | undefined): ((fraction: number) => void) | undefined {
  const report = hint?.progressCallback;
  if (!report || hint.numParts === undefined || hint.part === undefined) return report;
  const parts = multipartProgress.get(report) ?? new Array<number>(hint.numParts).fill(0);
  multipartProgress.set(report, parts);
  const index = hint.part;
  return (fraction) => {
    parts[index] = fraction;
    report(parts.reduce((sum, value) => sum + value, 0) / parts.length);
  };
}

async function putBlob(url: string, init: RequestInit, blob: Blob): Promise<Response> {
  const report = progressReporter((init as { progressHint?: ProgressHint }).progressHint);
  let sent = 0;
  const source =
    blob instanceof FileBlob
      ? blob.nodeStream()
      : Readable.fromWeb(blob.stream() as NodeReadableStream<Uint8Array>);
  const body = source.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        report?.(sent / blob.size);
        callback(null, chunk);
      },
    }),
  );
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const response = await httpRequest(url, {
    method: 'PUT',
    headers: { ...headers, 'content-length': String(blob.size) },
    body,
    signal: init.signal ?? undefined,
  });
  const status = response.statusCode ?? 500;
  const hasBody = ![101, 204, 205, 304].includes(status);
  if (!hasBody) response.resume();
  return new Response(hasBody ? (Readable.toWeb(response) as ReadableStream<Uint8Array>) : null, {
    status,
    statusText: response.statusMessage,
    headers: toHeaders(response.headers),
  });
}
