import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { createVisionSource } from '../index.js';

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

  it('explains a base URL that is not an image store', async () => {
    const source = createVisionSource({ baseUrl: `${store.url}/not-here`, retries: 0 });
    await expect(source.fetchPage(0, 10)).rejects.toThrow(
      `${store.url}/not-here answered HTTP 404 for records 0..10`,
    );
    expect(() => createVisionSource({ baseUrl: 'not a url' })).toThrow(
      /"not a url" is not a URL; pass e.g. --source-url/,
    );
  });

  it('retries an unreachable store, then names it', async () => {
    const stopped = await startVisionSource({ count: 1 });
    await stopped.stop();
    const source = createVisionSource({ baseUrl: stopped.url, retries: 1, backoffMs: 1 });
    await expect(source.fetchPage(0, 10)).rejects.toThrow(`could not reach ${stopped.url}`);
  });
});
