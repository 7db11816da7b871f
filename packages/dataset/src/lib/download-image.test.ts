import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { downloadImage, SkipError } from '../index.js';

// A generous timeout wherever timing is not the point: the machine may be busy.
const fast = { timeoutMs: 30_000, retries: 2, backoffMs: 10 };

async function skipOf(promise: Promise<unknown>): Promise<SkipError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SkipError);
  return error as SkipError;
}

describe('downloadImage', () => {
  let source: RunningVisionSource;
  beforeAll(async () => {
    source = await startVisionSource({
      count: 7,
      faults: {
        images: { 0: 'flaky', 1: 'not-found', 2: 'html', 3: 'oversized', 4: 'slow', 5: 'truncated' },
        slowMs: 5000,
      },
      pregenerate: true,
    });
  });
  afterAll(() => source.stop());
  const url = (i: number) => source.records[i]!.image_url;
  const requests = (i: number) => source.stats().imageRequests[`/images/${i}.png`];

  it('retries a transient failure and returns the PNG', async () => {
    const retries: unknown[] = [];
    const image = await downloadImage(url(0), {
      ...fast,
      onRetry: (notice) => retries.push({ ...notice, error: (notice.error as Error).message }),
    });
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(retries).toEqual([
      { attempt: 1, attempts: 3, delayMs: 10, error: 'HTTP 503 Service Unavailable' },
    ]);
  });

  it('does not retry a 404', async () => {
    const error = await skipOf(downloadImage(url(1), fast));
    expect([error.reason, error.message]).toEqual(['http-error', 'HTTP 404 Not Found']);
    expect(requests(1)).toBe(1);
  });

  it('rejects HTML served as image/png by its bytes', async () => {
    const error = await skipOf(downloadImage(url(2), fast));
    expect(error.reason).toBe('not-an-image');
    expect(error.message).toContain('<!DOCTYPE html>');
  });

  it('stops reading a body past the size cap', async () => {
    const error = await skipOf(downloadImage(url(3), { ...fast, maxBytes: 1024 ** 2 }));
    expect([error.reason, error.message]).toEqual(['too-large', 'more than the 1048576-byte cap']);
  });

  it('refuses an image whose announced length exceeds the cap without reading it', async () => {
    const error = await skipOf(downloadImage(url(6), { ...fast, maxBytes: 1000 }));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/^\d+ bytes announced, more than the 1000-byte cap$/);
  });

  it('gives up on a slow server after the per-request timeout, retrying first', async () => {
    const error = await skipOf(downloadImage(url(4), { ...fast, timeoutMs: 200, retries: 1 }));
    expect([error.reason, error.message]).toEqual(['timeout', 'no complete answer within 200 ms']);
    expect(requests(4)).toBe(2);
  });

  it('treats a dropped connection as retryable and reports it', async () => {
    const error = await skipOf(downloadImage(url(5), fast));
    expect(error.reason).toBe('network-error');
    expect(requests(5)).toBe(3);
  });
});
