import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  RecordSeed,
  RunningVisionSource,
  VisionRecord,
  VisionSourceFaults,
  VisionSourceOptions,
} from '../types.js';
import { generateGridImage } from './generate-grid-image.js';
import { generateRecordSeeds } from './generate-record-seeds.js';

/** The path of the Appsmith "execute action" call the reference client pages through. */
export const EXECUTE_ACTION_PATH = '/api/v1/actions/execute';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OVERSIZED_LIMIT = 1024 ** 3;

/**
 * Starts a local stand-in for subnet 19's image store on 127.0.0.1: the Appsmith execute-action
 * endpoint that pages records (form fields k1 = offset, k2 = limit, as the reference sends them)
 * and `/images/<id>.png` serving generated 2048x2048 four-tile PNGs, with switchable faults.
 */
export async function startVisionSource(options: VisionSourceOptions = {}): Promise<RunningVisionSource> {
  // Image ids are positions in `seeds`; `newestFirst` is the listing order (published records on top).
  const seeds: RecordSeed[] = [...(options.records ?? generateRecordSeeds(options.count ?? 8))];
  let newestFirst = seeds.map((_, id) => id);
  let faults: VisionSourceFaults = options.faults ?? {};
  const imageCache = new Map<number, Promise<Buffer>>();
  const imageRequests: Record<string, number> = {};
  let pageRequests = 0;
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  let records: VisionRecord[] = [];

  const listRecords = (): VisionRecord[] => {
    const duplicated = new Set(faults.duplicateRecords ?? []);
    return newestFirst.flatMap((id) => {
      const seed = seeds[id]!;
      const record: VisionRecord = {
        prompt: seed.prompt,
        image_url: `${baseUrl}/images/${id}.png`,
        timestamp: seed.timestamp ?? isoSeconds(Date.UTC(2026, 0, 1) - id * 60_000),
      };
      return duplicated.has(id) ? [record, { ...record }] : [record];
    });
  };

  const imageFor = (id: number, width?: number, height?: number): Promise<Buffer> => {
    const key = width === undefined ? id : -1 - id;
    let image = imageCache.get(key);
    if (!image) {
      image = generateGridImage(id, width, height);
      imageCache.set(key, image);
    }
    return image;
  };

  /** The PNG bytes record `id` serves under its current fault; none for faults that serve no image. */
  const imageServed = (id: number): Promise<Buffer> | undefined => {
    const fault = faults.images?.[id];
    if (fault === 'not-found' || fault === 'html' || fault === 'oversized') return undefined;
    if (fault === 'not-a-grid') return imageFor(id, 1536, 1024);
    return imageFor(fault === 'duplicate-image' && id > 0 ? id - 1 : id);
  };

  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const servePage = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    pageRequests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Connection accepted, request read, and no answer: only the client's timeout (or stop()) ends it.
    if (faults.listing === 'hang') return;
    const form = await new Response(Buffer.concat(chunks), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const field = async (name: string): Promise<number> => {
      const value = form.get(name);
      const text = typeof value === 'string' ? value : value ? await value.text() : '';
      return Number.parseInt(text.trim(), 10);
    };
    const offset = await field('k1');
    const limit = await field('k2');
    if (!Number.isInteger(offset) || !Number.isInteger(limit) || offset < 0 || limit <= 0) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          responseMeta: { status: 400, success: false },
          data: { body: 'k1 (offset) and k2 (limit) must be integers' },
        }),
      );
      return;
    }
    records = listRecords();
    const body = records.slice(offset, offset + limit);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        responseMeta: { status: 200, success: true },
        data: { body, isExecutionSuccess: true, statusCode: '200 OK' },
      }),
    );
  };

  const serveImage = async (id: number, path: string, res: ServerResponse): Promise<void> => {
    const attempt = (imageRequests[path] = (imageRequests[path] ?? 0) + 1);
    if (faults.imageDelayMs) await later(faults.imageDelayMs);
    const fault = faults.images?.[id];
    if (fault === 'slow') await later(faults.slowMs ?? 10_000);
    if (res.destroyed) return;
    switch (fault) {
      case 'not-found':
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      case 'flaky':
        if (attempt === 1) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('try again');
          return;
        }
        break;
      case 'html':
        res
          .writeHead(200, { 'content-type': 'image/png' })
          .end('<!DOCTYPE html><html><body>Bucket quota exceeded</body></html>');
        return;
      case 'oversized':
        streamEndlessPng(res);
        return;
      case 'truncated': {
        const image = await imageServed(id)!;
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
        res.write(image.subarray(0, image.length >> 1), () => res.destroy());
        return;
      }
      default:
        break;
    }
    const image = await imageServed(id)!;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
    res.end(image);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const image = /^\/images\/(\d+)\.png$/.exec(url.pathname);
    const handled =
      req.method === 'POST' && url.pathname === EXECUTE_ACTION_PATH
        ? servePage(req, res)
        : req.method === 'GET' && image && Number(image[1]) < seeds.length
          ? serveImage(Number(image[1]), url.pathname, res)
          : Promise.resolve(
              void res
                .writeHead(404, { 'content-type': 'text/plain' })
                .end(`no route for ${req.method} ${url.pathname}`),
            );
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });

  if (options.pregenerate) await Promise.all(seeds.map((_, id) => imageServed(id)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  records = listRecords();

  return {
    url: baseUrl,
    get records() {
      return records;
    },
    setFaults(next) {
      faults = next;
      records = listRecords();
    },
    publish(published) {
      const newest = Math.max(...listRecords().map((record) => Date.parse(record.timestamp)), 0);
      const ids = published.map((seed, index) => {
        seeds.push({
          ...seed,
          timestamp: seed.timestamp ?? isoSeconds(newest + (published.length - index) * 60_000),
        });
        return seeds.length - 1;
      });
      newestFirst = [...ids, ...newestFirst];
      records = listRecords();
      return records.slice(0, published.length);
    },
    stats: () => ({ pageRequests, imageRequests: { ...imageRequests } }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `2026-01-01T00:00:00Z`: the store's timestamp format (UTC, whole seconds). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A PNG signature followed by zeros until the client hangs up (or 1 GiB, as a safety net). */
function streamEndlessPng(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'image/png' });
  const chunk = Buffer.alloc(256 * 1024);
  let sent = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < OVERSIZED_LIMIT) {
      const payload = sent === 0 ? Buffer.concat([PNG_SIGNATURE, chunk]) : chunk;
      sent += payload.length;
      if (!res.write(payload)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}
