import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { generateGridImage } from './generate-grid-image.js';
import { EXECUTE_ACTION_PATH, startVisionSource } from './start-vision-source.js';
import type { RunningVisionSource, VisionRecord } from '../types.js';

async function page(source: RunningVisionSource, offset: number, limit: number): Promise<VisionRecord[]> {
  const form = new FormData();
  form.set('k1', new Blob([String(offset)], { type: 'text/plain' }), 'blob');
  form.set('k2', new Blob([String(limit)], { type: 'text/plain' }), 'blob');
  const res = await fetch(`${source.url}${EXECUTE_ACTION_PATH}`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { body: VisionRecord[] } }).data.body;
}

describe('startVisionSource', () => {
  let source: RunningVisionSource;
  afterEach(() => source?.stop());

  it('pages records newest first with offset and limit', async () => {
    source = await startVisionSource({ count: 5 });
    const first = await page(source, 0, 3);
    const rest = await page(source, 3, 3);
    expect(first).toHaveLength(3);
    expect(rest).toHaveLength(2);
    const all = [...first, ...rest];
    expect(all.map((r) => r.image_url)).toEqual(source.records.map((r) => r.image_url));
    const times = all.map((r) => Date.parse(r.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await page(source, 5, 3)).toEqual([]);
  });

  it('lists published records first, newer than the rest, with images of their own', async () => {
    source = await startVisionSource({ count: 2 });
    const before = await page(source, 0, 10);
    const published = source.publish([{ prompt: 'a new one --v 6' }, { prompt: 'another --v 6' }]);
    const after = await page(source, 0, 10);
    expect(after.map((r) => r.prompt)).toEqual([
      'a new one --v 6',
      'another --v 6',
      ...before.map((r) => r.prompt),
    ]);
    expect(after.slice(0, 2)).toEqual(published);
    const times = after.map((r) => Date.parse(r.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
    const bytes = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
    const newImage = await bytes(published[0]!.image_url);
    expect(newImage.equals(await bytes(before[0]!.image_url))).toBe(false);
  });

  it('serves distinct 2048x2048 PNGs whose four tiles differ', async () => {
    source = await startVisionSource({ count: 2 });
    const images = await Promise.all(
      source.records.map(async (r) => Buffer.from(await (await fetch(r.image_url)).arrayBuffer())),
    );
    expect(createHash('sha256').update(images[0]!).digest('hex')).not.toBe(
      createHash('sha256').update(images[1]!).digest('hex'),
    );
    const meta = await sharp(images[0]).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 2048, 2048]);
    const tileHashes = await Promise.all(
      [0, 1, 2, 3].map(async (k) =>
        createHash('sha256')
          .update(
            await sharp(images[0])
              .extract({ left: (k % 2) * 1024, top: (k >> 1) * 1024, width: 1024, height: 1024 })
              .raw()
              .toBuffer(),
          )
          .digest('hex'),
      ),
    );
    expect(new Set(tileHashes).size).toBe(4);
  });

  it('injects faults and counts requests', async () => {
    source = await startVisionSource({
      count: 4,
      faults: {
        images: { 0: 'not-found', 1: 'flaky', 2: 'html', 3: 'duplicate-image' },
        duplicateRecords: [1],
      },
    });
    expect(source.records.map((r) => r.image_url.split('/').pop())).toEqual([
      '0.png',
      '1.png',
      '1.png',
      '2.png',
      '3.png',
    ]);
    expect((await fetch(source.records[0]!.image_url)).status).toBe(404);
    expect((await fetch(source.records[1]!.image_url)).status).toBe(503);
    expect((await fetch(source.records[1]!.image_url)).status).toBe(200);
    expect((await (await fetch(source.records[3]!.image_url)).text()).startsWith('<!DOCTYPE html>')).toBe(
      true,
    );
    // Record 3 repeats record 2's clean image (even though record 2 itself is served as HTML).
    const duplicate = Buffer.from(await (await fetch(source.records[4]!.image_url)).arrayBuffer());
    expect(duplicate.equals(await generateGridImage(2))).toBe(true);
    expect(source.stats().imageRequests['/images/1.png']).toBe(2);
    source.setFaults({});
    expect((await fetch(source.records[0]!.image_url)).status).toBe(200);
  });

  it('accepts a page request and never answers it while listing hangs, until the fault is lifted', async () => {
    source = await startVisionSource({ count: 1, faults: { listing: 'hang' } });
    // The client gives up on its own deadline; the server saw the request but sent nothing, not even headers.
    await expect(
      fetch(`${source.url}${EXECUTE_ACTION_PATH}`, {
        method: 'POST',
        body: new FormData(),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(source.stats().pageRequests).toBe(1);
    source.setFaults({});
    expect(await page(source, 0, 1)).toEqual(source.records);
  });

  it('drops a truncated body mid-way and rejects a malformed page request', async () => {
    source = await startVisionSource({ count: 1, faults: { images: { 0: 'truncated' } }, pregenerate: true });
    await expect(fetch(source.records[0]!.image_url).then((r) => r.arrayBuffer())).rejects.toThrow();
    const res = await fetch(`${source.url}${EXECUTE_ACTION_PATH}`, { method: 'POST', body: new FormData() });
    expect(res.status).toBe(400);
  });
});
