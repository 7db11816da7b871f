import { retryEvent } from './retry-event.js';

describe('retryEvent', () => {
  it('reports which phase retries what, the attempt, the wait and why', () => {
    const notice = { attempt: 2, attempts: 4, delayMs: 2000, error: new Error('HTTP 503') };
    expect(retryEvent('downloading', 'http://store/images/1.png', notice)).toEqual({
      type: 'retry',
      phase: 'downloading',
      url: 'http://store/images/1.png',
      attempt: 2,
      attempts: 4,
      delayMs: 2000,
      error: 'HTTP 503',
    });
  });
});
