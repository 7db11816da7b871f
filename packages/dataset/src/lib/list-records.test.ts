import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { createVisionSource, listRecords, type DatasetEvent } from '../index.js';
import { referenceVectors } from '../test-support/reference-vectors.js';

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
    const listed = await listRecords(createVisionSource({ baseUrl: store.url }), {
      numSamples: 100,
      mjVersion: 6,
      pageSize: 3,
      onEvent: (e) => events.push(e),
    });
    const expected = vectors.filter((v) => v.matches_v6);
    expect(listed.records.map((r) => r.prompt)).toEqual(expected.map((v) => v.cleaned));
    expect(listed.records.map((r) => r.index)).toEqual(expected.map((_, i) => i + 1));
    expect(listed.records[0]).toEqual({ index: 1, ...store.records[0], prompt: vectors[0]!.cleaned });
    expect([listed.scanned, listed.duplicates]).toEqual([vectors.length + 1, 1]);
    expect(events.at(-1)).toEqual({ type: 'progress', phase: 'listing', done: expected.length, total: 100 });
  });

  it('stops paging once it has enough records', async () => {
    const before = store.stats().pageRequests;
    const listed = await listRecords(createVisionSource({ baseUrl: store.url }), {
      numSamples: 2,
      mjVersion: '6.0',
      pageSize: 2,
    });
    expect(listed.records).toHaveLength(2);
    expect(store.stats().pageRequests - before).toBe(1);
  });
});
