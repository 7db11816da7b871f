import type { DownloadOptions, RetryNotice } from '../types/public.js';
import { detectImageFormat } from './detect-image-format.js';
import { SkipError } from './skip-error.js';
import { withRetries } from './with-retries.js';

export const DEFAULT_DOWNLOAD: Required<Omit<DownloadOptions, 'signal'>> = {
  timeoutMs: 60_000,
  retries: 3,
  backoffMs: 500,
  maxBytes: 32 * 1024 ** 2,
};

/**
 * Fetches one image into memory: per-attempt timeout, retries with back-off on transient failures,
 * a size cap enforced while streaming, and a magic-byte check. Failures are `SkipError`s.
 */
export async function downloadImage(
  url: string,
  options: DownloadOptions & { onRetry?: (notice: RetryNotice) => void } = {},
): Promise<Buffer> {
  const settings = { ...DEFAULT_DOWNLOAD, ...options };
  const image = await withRetries(() => fetchOnce(url, settings), {
    retries: settings.retries,
    backoffMs: settings.backoffMs,
    signal: options.signal,
    isRetryable: (error) => error instanceof SkipError && error.retryable,
    onRetry: options.onRetry,
  });
  if (!detectImageFormat(image)) {
    const start = image
      .subarray(0, 32)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    throw new SkipError('not-an-image', `not an image (no PNG/JPEG/WebP signature; starts with "${start}")`);
  }
  return image;
}

async function fetchOnce(url: string, settings: typeof DEFAULT_DOWNLOAD & DownloadOptions): Promise<Buffer> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
  const failure = (error: unknown): SkipError => {
    if (error instanceof SkipError) return error;
    if (settings.signal?.aborted) throw settings.signal.reason;
    if (timeout.aborted)
      return new SkipError('timeout', `no complete answer within ${settings.timeoutMs} ms`, true);
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return new SkipError('network-error', `${(error as Error).message}${cause ? ` (${cause})` : ''}`, true);
  };
  try {
    const res = await fetch(url, { signal, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel();
      const transient = res.status === 408 || res.status === 429 || res.status >= 500;
      throw new SkipError('http-error', `HTTP ${res.status} ${res.statusText}`.trim(), transient);
    }
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > settings.maxBytes) {
      await res.body?.cancel();
      throw new SkipError(
        'too-large',
        `${declared} bytes announced, more than the ${settings.maxBytes}-byte cap`,
      );
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    for await (const chunk of res.body ?? []) {
      received += chunk.length;
      // Leaving the loop by throwing cancels the stream, so the rest of the body is never read.
      if (received > settings.maxBytes) {
        throw new SkipError('too-large', `more than the ${settings.maxBytes}-byte cap`);
      }
      chunks.push(chunk);
    }
    if (Number.isFinite(declared) && received !== declared) {
      throw new SkipError('network-error', `body ended after ${received} of ${declared} bytes`, true);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    throw failure(error);
  }
}
