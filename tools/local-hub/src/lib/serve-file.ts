import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { LocalHubFault } from '../types/public.js';
import { parseRange } from './parse-range.js';

/** Large reads keep loopback transfers fast without holding more than a few MiB per download. */
const READ_CHUNK = 1 << 20;

/**
 * Send a stored file, honouring `Range` (206 with `Content-Range`, 416 past the end), and apply an
 * injected fault to the body when tests asked for one.
 */
export async function serveFile(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  size: number,
  fault: LocalHubFault | undefined,
): Promise<void> {
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Content-Type', 'application/octet-stream');
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(0, end - start + 1);
  response.writeHead(range ? 206 : 200, {
    'Content-Length': length,
    ...(range && { 'Content-Range': `bytes ${start}-${end}/${size}` }),
  });
  if (request.method === 'HEAD' || length === 0) {
    response.end();
    return;
  }
  const body = createReadStream(path, { start, end, highWaterMark: READ_CHUNK });
  if (fault) await pipeline(body, applyFault(fault, response), response);
  else await pipeline(body, response);
}

function applyFault(fault: LocalHubFault, response: ServerResponse) {
  return async function* (chunks: AsyncIterable<Buffer>) {
    let sent = 0;
    let first = true;
    for await (const chunk of chunks) {
      if (fault.kind === 'cut' && sent + chunk.length > (fault.afterBytes ?? 0)) {
        yield chunk.subarray(0, (fault.afterBytes ?? 0) - sent);
        // Close the connection once the partial body is flushed: the client sees a body shorter than
        // its Content-Length, as when a network drops mid-transfer.
        response.socket?.destroySoon();
        return;
      }
      if (fault.kind === 'corrupt' && first) {
        const corrupted = Buffer.from(chunk);
        corrupted[0] = corrupted[0]! ^ 0xff;
        yield corrupted;
      } else {
        yield chunk;
      }
      first = false;
      sent += chunk.length;
    }
  };
}
