import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { UnavailableError, UsageError } from '@pixel/constraints';
import { createVisionSource, detectImageFormat, type RetryNotice } from '../index.js';

const OTHER_SOURCES =
  '--source hf:<owner>/<dataset> (a Hugging Face dataset of images and prompts in parquet files), ' +
  'folder:<dir> (images with .txt captions or a metadata.csv) or csv:<file> (image URLs and prompts)';

describe('createVisionSource', () => {
  let store: RunningVisionSource;
  beforeAll(async () => {
    store = await startVisionSource({ count: 5 });
  });
  afterAll(() => store.stop());

  it('pages records with offset and limit through the Appsmith execute call', async () => {
    const source = createVisionSource({ baseUrl: `${store.url}/` });
    expect(source.name).toBe(store.url);
    const pages = [
      await source.fetchPage(0, 2),
      await source.fetchPage(2, 2),
      await source.fetchPage(4, 2),
      await source.fetchPage(6, 2),
    ];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
    expect(pages.flat()).toEqual(store.records);
  });

  it("lists its records page by page only as far as they are read, and fetches a record's grid", async () => {
    const source = createVisionSource({ baseUrl: store.url, pageSize: 2 });
    expect(source.versionFilter).toBe('required');
    const before = store.stats().pageRequests;
    const read = [];
    for await (const record of source.records()) {
      read.push(record);
      if (read.length === 3) break;
    }
    expect(read).toEqual(store.records.slice(0, 3));
    expect(store.stats().pageRequests - before).toBe(2);
    const all = [];
    for await (const record of source.records()) all.push(record);
    expect(all).toEqual(store.records);
    const image = await source.fetchImage(read[0]!, {});
    expect(detectImageFormat(image)).toBe('png');
  });

  it('explains a base URL that is not an image store, as a usage error naming the other sources', async () => {
    const source = createVisionSource({ baseUrl: `${store.url}/not-here`, retries: 0 });
    const error = await source.fetchPage(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `${store.url}/not-here answered HTTP 404 for records 0..10: it is not subnet 19's image store, or the ` +
        `store is gone. Check --source-url, or build the dataset from another source, ${OTHER_SOURCES}.`,
    );
    for (const url of ['not a url', 'ftp://example.com']) {
      const invalid = (() => {
        try {
          return createVisionSource({ baseUrl: url });
        } catch (e) {
          return e;
        }
      })();
      expect(invalid).toBeInstanceOf(UsageError);
      expect((invalid as Error).message).toBe(
        `The vision source URL (--source-url or PIXEL_VISION_SOURCE_URL) must be an http(s) URL such as ` +
          `https://app.appsmith.com, got ${JSON.stringify(url)}`,
      );
    }
  });

  it('retries an unreachable store, then names it as unavailable', async () => {
    const stopped = await startVisionSource({ count: 1 });
    await stopped.stop();
    const source = createVisionSource({ baseUrl: stopped.url, retries: 1, backoffMs: 1 });
    const error = await source.fetchPage(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^could not reach ${stopped.url}: .*; gave up after 2 attempts\\. Subnet 19's image store appears to be offline`,
      ),
    );
  });

  it('gives up on a store that never answers after its timeout on every attempt, reporting each retry first', async () => {
    const hanging = await startVisionSource({ count: 1, faults: { listing: 'hang' } });
    try {
      const source = createVisionSource({ baseUrl: hanging.url, timeoutMs: 200, retries: 2, backoffMs: 1 });
      const notices: (Omit<RetryNotice, 'error'> & { error: string; requestsSoFar: number })[] = [];
      const error = await source
        .fetchPage(0, 10, {
          onRetry: (notice) =>
            notices.push({
              ...notice,
              error: (notice.error as Error).message,
              requestsSoFar: hanging.stats().pageRequests,
            }),
        })
        .catch((e: unknown) => e);
      // Each retry is reported when it happens: before the next request reaches the store.
      expect(notices).toEqual([
        {
          attempt: 1,
          attempts: 3,
          delayMs: 1,
          error: `${hanging.url} did not answer within 0.2 s`,
          requestsSoFar: 1,
        },
        {
          attempt: 2,
          attempts: 3,
          delayMs: 2,
          error: `${hanging.url} did not answer within 0.2 s`,
          requestsSoFar: 2,
        },
      ]);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as UnavailableError).exitCode).toBe(3);
      expect((error as Error).message).toBe(
        `${hanging.url} did not answer within 0.2 s; gave up after 3 attempts. Subnet 19's image store appears ` +
          'to be offline (subnet 19 now serves inference, and the Appsmith store the seed read no longer ' +
          `answers): build the dataset from another source, ${OTHER_SOURCES}. If ${hanging.url} is a store you ` +
          'run, check that it is reachable (--source-url or PIXEL_VISION_SOURCE_URL), or allow more time with ' +
          '--timeout, and run again.',
      );
      expect(hanging.stats().pageRequests).toBe(3);
    } finally {
      await hanging.stop();
    }
  });
});
