import { UnavailableError } from '@pixel/constraints';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { createVisionSource, listRecords, type DatasetEvent } from '../index.js';
import { referenceVectors } from '@pixel-tools/test-support';

describe('listRecords', () => {
  const vectors = referenceVectors().prompts;
  let store: RunningVisionSource;
  beforeAll(async () => {
    store = await startVisionSource({
      records: vectors.map((v) => ({ prompt: v.raw })),
      faults: { duplicateRecords: [2] },
    });
  });
  afterAll(() => store.stop());

  it('keeps version-6 records, cleans their prompts as the reference does and lists a repeated record once', async () => {
    const events: DatasetEvent[] = [];
    const listed = await listRecords(createVisionSource({ baseUrl: store.url, pageSize: 3 }), {
      numSamples: 100,
      mjVersion: 6,
      onEvent: (e) => events.push(e),
    });
    const expected = vectors.filter((v) => v.matches_v6);
    expect(listed.records.map((r) => r.prompt)).toEqual(expected.map((v) => v.cleaned));
    expect(listed.records.map((r) => r.index)).toEqual(expected.map((_, i) => i + 1));
    expect(listed.records[0]).toEqual({ index: 1, ...store.records[0], prompt: vectors[0]!.cleaned });
    expect([listed.scanned, listed.duplicates]).toEqual([vectors.length + 1, 1]);
    expect(events.at(-1)).toEqual({ type: 'progress', phase: 'listing', done: expected.length, total: 100 });
  });

  it('reports the start of listing and each retry of a page that never comes, as they happen', async () => {
    const hanging = await startVisionSource({ count: 1, faults: { listing: 'hang' } });
    try {
      const seen: { event: DatasetEvent; requestsSoFar: number }[] = [];
      const error = await listRecords(
        createVisionSource({ baseUrl: hanging.url, timeoutMs: 200, retries: 1, backoffMs: 1 }),
        {
          numSamples: 5,
          mjVersion: 6,
          onEvent: (event) => seen.push({ event, requestsSoFar: hanging.stats().pageRequests }),
        },
      ).catch((e: unknown) => e);
      expect(seen).toEqual([
        { event: { type: 'progress', phase: 'listing', done: 0, total: 5 }, requestsSoFar: 0 },
        {
          event: {
            type: 'retry',
            phase: 'listing',
            url: hanging.url,
            attempt: 1,
            attempts: 2,
            delayMs: 1,
            error: `${hanging.url} did not answer within 0.2 s`,
          },
          requestsSoFar: 1,
        },
      ]);
      expect(error).toBeInstanceOf(UnavailableError);
    } finally {
      await hanging.stop();
    }
  });

  it('stops paging once it has enough records', async () => {
    const before = store.stats().pageRequests;
    const listed = await listRecords(createVisionSource({ baseUrl: store.url, pageSize: 2 }), {
      numSamples: 2,
      mjVersion: '6.0',
    });
    expect(listed.records).toHaveLength(2);
    expect(store.stats().pageRequests - before).toBe(1);
  });
});
