import { captureStream } from '../test-support/capture-stream.js';
import { logMessages } from '../test-support/log-messages.js';
import { createLogger } from './logger.js';
import { ProgressReporter } from './progress-reporter.js';
import { Terminal } from './terminal.js';

/** A terminal where stdout and stderr are one screen, as when a user runs pixel; the pretty log's clock as hh:mm:ss. */
function screen() {
  const tty = captureStream({ isTTY: true, columns: 100 });
  const terminal = new Terminal(tty.stream);
  const logger = createLogger({
    level: 'info',
    secrets: [],
    destination: terminal.logStream(tty.stream),
    pretty: true,
    colorize: false,
  });
  return { ctx: { logger, terminal }, text: () => tty.text().replace(/\[\d\d:\d\d:\d\d\]/g, '[hh:mm:ss]') };
}

// Native ESM: jest's object comes with the module, not as a global.
const { jest } = import.meta;

describe('ProgressReporter', () => {
  // The bars' clocks and the redraw rate run on jest's clock, so every byte written is known.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('on a terminal, prints a log line above the live bars on its own line and redraws them below it', () => {
    const { ctx, text } = screen();
    const progress = new ProgressReporter(ctx, { live: true, bars: ['caching', 'training'], logSteps: 10 });
    progress.update('caching', { done: 1, total: 2, detail: '0 reused' });
    jest.advanceTimersByTime(2000);
    ctx.logger.info('Training cache: 1 encoded');
    expect(text()).toBe(
      '\x1b[2Kcaching       [############------------]  1/2   50%  0 reused  0:00\n' +
        '\x1b[2Ktraining      0  0:00\n' +
        '\x1b[2F\x1b[2K[hh:mm:ss] INFO: Training cache: 1 encoded\n' +
        '\x1b[2Kcaching       [############------------]  1/2   50%  0 reused  0:00\n' +
        '\x1b[2Ktraining      0  0:00\n',
    );
  });

  it('redraws at most every 100 ms, the latest state at the end of the wait, its rate counted from the first update', () => {
    const { ctx, text } = screen();
    const progress = new ProgressReporter(ctx, { live: true, logSteps: 10 });
    progress.update('tiles', { done: 1, total: 40 });
    jest.advanceTimersByTime(50);
    progress.update('tiles', { done: 2, total: 40 });
    progress.update('tiles', { done: 3, total: 40 });
    expect(text()).toBe('\x1b[2Ktiles         [#-----------------------]  1/40    2%  0:00\n');
    jest.advanceTimersByTime(50);
    expect(text()).toBe(
      '\x1b[2Ktiles         [#-----------------------]  1/40    2%  0:00\n' +
        // 2 tiles in 100 ms: the one done at the first update (a resumed run's) took no time here.
        '\x1b[1F\x1b[2Ktiles         [##----------------------]  3/40    7%  20.00 it/s  0:00  ETA 0:02\n',
    );
    const drawn = text();
    progress.finish();
    jest.advanceTimersByTime(1000);
    // Nothing changed since: the final state is on screen already, and is not drawn twice.
    expect(text()).toBe(drawn);
  });

  it('prints a finished bar once, in its final state, above the bar that follows it', () => {
    const { ctx, text } = screen();
    const progress = new ProgressReporter(ctx, { live: true, logSteps: 10 });
    progress.update('caching', { done: 1, total: 2 });
    jest.advanceTimersByTime(1000);
    progress.update('caching', { done: 2, total: 2 });
    progress.update('training', {
      done: 1,
      total: 4,
      elapsedMs: 2000,
      perSecond: 0.5,
      detail: 'loss 0.1000',
    });
    progress.finish();
    expect(text()).toBe(
      '\x1b[2Kcaching       [############------------]  1/2   50%  0:00\n' +
        '\x1b[1F\x1b[2Kcaching       [########################]  2/2  100%  1.00 it/s  0:01\n' +
        '\x1b[2Ktraining      [######------------------]  1/4   25%  loss 0.1000  2.00 s/it  0:02  ETA 0:06\n',
    );
  });

  it('prints a warning above the bars as it is, and finishes cleanly on failure: later log lines go below the bars', () => {
    const { ctx, text } = screen();
    const progress = new ProgressReporter(ctx, { live: true, bars: ['listing'], logSteps: 10 });
    progress.update('listing', { done: 0, total: 2 });
    progress.warn({ attempt: 1 }, 'listing: attempt 1 of 2 failed; retrying in 1 s');
    jest.advanceTimersByTime(50);
    progress.update('listing', { done: 1, total: 2 });
    progress.finish();
    ctx.logger.error('the store did not answer');
    expect(text()).toBe(
      '\x1b[2Klisting       [------------------------]  0/2    0%  0:00\n' +
        '\x1b[1F\x1b[2Klisting: attempt 1 of 2 failed; retrying in 1 s\n' +
        '\x1b[2Klisting       [------------------------]  0/2    0%  0:00\n' +
        // The update waiting for its redraw is drawn by finish, once.
        '\x1b[1F\x1b[2Klisting       [############------------]  1/2   50%  20.00 it/s  0:00  ETA 0:00\n' +
        '[hh:mm:ss] ERROR: the store did not answer\n',
    );
  });

  it('off a terminal, draws nothing and logs each bar at its first progress and each tenth', () => {
    const stdout = captureStream();
    const stderr = captureStream();
    const terminal = new Terminal(stdout.stream);
    const logger = createLogger({
      level: 'info',
      secrets: [],
      destination: terminal.logStream(stderr.stream),
    });
    const progress = new ProgressReporter(
      { logger, terminal },
      { live: false, bars: ['listing', 'downloading'], logSteps: 10 },
    );
    progress.update('listing', { done: 0, total: 20 });
    for (let done = 1; done <= 20; done += 1) progress.update('listing', { done, total: 20 });
    progress.update('downloading', { done: 3, total: 0 });
    progress.update('downloading', { done: 4, total: 0 });
    progress.warn({ url: 'https://x/1.png' }, 'downloading https://x/1.png: attempt 1 of 2 failed');
    progress.finish();
    expect(stdout.text()).toBe('');
    expect(stderr.text()).not.toContain('\x1b');
    expect(logMessages(stderr.text())).toBe(
      [
        ...[2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((done) => `listing: ${done}/20`),
        'downloading: 3/0',
        'downloading https://x/1.png: attempt 1 of 2 failed',
      ].join('\n'),
    );
    expect(JSON.parse(stderr.text().split('\n')[0]!)).toMatchObject({
      level: 30,
      progress: 'listing',
      done: 2,
      total: 20,
    });
  });

  it("off a terminal, logs the command's own line: the first progress and the end with one step", () => {
    const stderr = captureStream();
    const logger = createLogger({ level: 'info', secrets: [], destination: stderr.stream });
    const progress = new ProgressReporter(
      { logger, terminal: new Terminal(captureStream().stream) },
      {
        live: false,
        logSteps: 1,
        logLine: (label, { done, total, elapsedMs }) =>
          `${label}: ${done}/${total} samples in ${elapsedMs} ms`,
      },
    );
    for (let done = 1; done <= 3; done += 1)
      progress.update('./model', { done, total: 3, elapsedMs: done * 10 });
    expect(logMessages(stderr.text())).toBe('./model: 1/3 samples in 10 ms\n./model: 3/3 samples in 30 ms');
  });
});
