import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  RecordSeed,
  RunningVisionSource,
  VisionRecord,
  VisionSourceFaults,
  VisionSourceOptions,
  VisionSourceStats,
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
  const store = new ImageStore(
    [...(options.records ?? generateRecordSeeds(options.count ?? 8))],
    options.faults,
  );
  const server = createServer((req, res) => store.handle(req, res));
  if (options.pregenerate) await store.pregenerate();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  store.open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return {
    url: store.baseUrl,
    get records() {
      return store.records;
    },
    setFaults: (next) => store.setFaults(next),
    publish: (published) => store.publish(published),
    stats: () => store.stats(),
    stop: () =>
      new Promise<void>((resolve) => {
        store.cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The store's records, images, faults and request counts, and how it answers each request. */
class ImageStore {
  // Image ids are positions in `seeds`; `newestFirst` is the listing order (published records on top).
  private newestFirst: number[];
  private readonly imageCache = new Map<number, Promise<Buffer>>();
  private readonly imageRequests: Record<string, number> = {};
  private pageRequests = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  baseUrl = '';
  /** The listing as the last page request (or change) saw it. */
  records: VisionRecord[] = [];

  constructor(
    private readonly seeds: RecordSeed[],
    private faults: VisionSourceFaults = {},
  ) {
    this.newestFirst = seeds.map((_, id) => id);
  }

  /** Serves at `baseUrl` from now on (image URLs in the listing start with it). */
  open(baseUrl: string): void {
    this.baseUrl = baseUrl;
    this.records = this.listRecords();
  }

  pregenerate(): Promise<unknown> {
    return Promise.all(this.seeds.map((_, id) => this.imageServed(id)));
  }

  setFaults(next: VisionSourceFaults): void {
    this.faults = next;
    this.records = this.listRecords();
  }

  /** New records on top of the listing, each a minute newer than the one below it unless it has a timestamp. */
  publish(published: readonly RecordSeed[]): VisionRecord[] {
    const newest = Math.max(...this.listRecords().map((record) => Date.parse(record.timestamp)), 0);
    const ids = published.map((seed, index) => {
      this.seeds.push({
        ...seed,
        timestamp: seed.timestamp ?? isoSeconds(newest + (published.length - index) * 60_000),
      });
      return this.seeds.length - 1;
    });
    this.newestFirst = [...ids, ...this.newestFirst];
    this.records = this.listRecords();
    return this.records.slice(0, published.length);
  }

  stats(): VisionSourceStats {
    return { pageRequests: this.pageRequests, imageRequests: { ...this.imageRequests } };
  }

  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Routes a request: the listing call, an image, or 404; a failure while answering is a 500. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const image = /^\/images\/(\d+)\.png$/.exec(url.pathname);
    const handled =
      req.method === 'POST' && url.pathname === EXECUTE_ACTION_PATH
        ? this.servePage(req, res)
        : req.method === 'GET' && image && Number(image[1]) < this.seeds.length
          ? this.serveImage(Number(image[1]), url.pathname, res)
          : Promise.resolve(
              void res
                .writeHead(404, { 'content-type': 'text/plain' })
                .end(`no route for ${req.method} ${url.pathname}`),
            );
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  }

  private listRecords(): VisionRecord[] {
    const duplicated = new Set(this.faults.duplicateRecords ?? []);
    return this.newestFirst.flatMap((id) => {
      const seed = this.seeds[id]!;
      const record: VisionRecord = {
        prompt: seed.prompt,
        image_url: `${this.baseUrl}/images/${id}.png`,
        timestamp: seed.timestamp ?? isoSeconds(Date.UTC(2026, 0, 1) - id * 60_000),
      };
      return duplicated.has(id) ? [record, { ...record }] : [record];
    });
  }

  private imageFor(id: number, width?: number, height?: number): Promise<Buffer> {
    const key = width === undefined ? id : -1 - id;
    let image = this.imageCache.get(key);
    if (!image) {
      image = generateGridImage(id, width, height);
      this.imageCache.set(key, image);
    }
    return image;
  }

  /** The PNG bytes record `id` serves under its current fault; none for faults that serve no image. */
  private imageServed(id: number): Promise<Buffer> | undefined {
    const fault = this.faults.images?.[id];
    if (fault === 'not-found' || fault === 'html' || fault === 'oversized') return undefined;
    if (fault === 'not-a-grid') return this.imageFor(id, 1536, 1024);
    return this.imageFor(fault === 'duplicate-image' && id > 0 ? id - 1 : id);
  }

  private later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async servePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.pageRequests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // Connection accepted, request read, and no answer: only the client's timeout (or stop()) ends it.
    if (this.faults.listing === 'hang') return;
    const { offset, limit } = await pageWindow(Buffer.concat(chunks), req.headers['content-type']);
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
    this.records = this.listRecords();
    const body = this.records.slice(offset, offset + limit);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        responseMeta: { status: 200, success: true },
        data: { body, isExecutionSuccess: true, statusCode: '200 OK' },
      }),
    );
  }

  private async serveImage(id: number, path: string, res: ServerResponse): Promise<void> {
    const attempt = (this.imageRequests[path] = (this.imageRequests[path] ?? 0) + 1);
    if (this.faults.imageDelayMs) await this.later(this.faults.imageDelayMs);
    const fault = this.faults.images?.[id];
    if (fault === 'slow') await this.later(this.faults.slowMs ?? 10_000);
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
        const image = await this.imageServed(id)!;
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
        res.write(image.subarray(0, image.length >> 1), () => res.destroy());
        return;
      }
      default:
        break;
    }
    const image = await this.imageServed(id)!;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
    res.end(image);
  }
}

/** The offset (k1) and page size (k2) of the reference client's multipart form; NaN where missing. */
async function pageWindow(
  body: Buffer,
  contentType: string | undefined,
): Promise<{ offset: number; limit: number }> {
  const form = await new Response(body, { headers: { 'content-type': contentType ?? '' } }).formData();
  const field = async (name: string): Promise<number> => {
    const value = form.get(name);
    const text = typeof value === 'string' ? value : value ? await value.text() : '';
    return Number.parseInt(text.trim(), 10);
  };
  return { offset: await field('k1'), limit: await field('k2') };
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
