import { request as httpRequestRaw, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

const MAX_REDIRECTS = 5;

/**
 * One HTTP(S) request through Node's own client, for the bulk transfers: unlike `fetch` (undici, Node 20),
 * which buffers a whole streamed request body in memory, it applies backpressure, and it moves large
 * bodies faster. GET redirects are followed (the Hub sends LFS downloads to a CDN), dropping the
 * `Authorization` header when the origin changes so the token never leaves the Hub.
 */
export async function httpRequest(
  url: string,
  options: { method: 'GET' | 'PUT'; headers?: Record<string, string>; body?: Readable; signal?: AbortSignal },
): Promise<IncomingMessage> {
  let target = new URL(url);
  let headers = { ...options.headers };
  for (let redirects = 0; ; redirects++) {
    const response = await send(target, { ...options, headers });
    const location = response.headers.location;
    if (
      options.method !== 'GET' ||
      !location ||
      ![301, 302, 303, 307, 308].includes(response.statusCode ?? 0)
    ) {
      return response;
    }
    response.resume();
    if (redirects === MAX_REDIRECTS) throw new Error(`Too many redirects from ${url}`);
    const next = new URL(location, target);
    if (next.origin !== target.origin) headers = withoutAuthorization(headers);
    target = next;
  }
}

function send(
  url: URL,
  options: { method: string; headers: Record<string, string>; body?: Readable; signal?: AbortSignal },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequestRaw)(
      url,
      { method: options.method, headers: options.headers, signal: options.signal },
      resolve,
    );
    request.on('error', reject);
    if (options.body) {
      options.body.on('error', (error) => request.destroy(error));
      options.body.pipe(request);
    } else {
      request.end();
    }
  });
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
  );
}

/** Response headers as a Fetch `Headers`, for code written against `fetch`. */
export function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, item);
  }
  return headers;
}
