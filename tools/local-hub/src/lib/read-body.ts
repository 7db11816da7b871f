import type { IncomingMessage } from 'node:http';
import { HubError } from './hub-error.js';

/** The whole request body, refused past `limit` bytes so a bad client cannot exhaust the server's memory. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new HubError(413, `Request body larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
