import { renderProgressBar } from './progress-bar.js';

describe('renderProgressBar', () => {
  it('draws the bar, counts, percentage, detail, rate and ETA from the rate so far', () => {
    expect(
      renderProgressBar(
        { label: 'downloading', done: 10, total: 40, elapsedMs: 20_000, detail: '3.2 MiB' },
        { width: 8 },
      ),
    ).toBe('downloading   [##------]  10/40   25%  3.2 MiB  2.00 s/it  0:20  ETA 1:00');
    expect(renderProgressBar({ label: 'tiles', done: 30, total: 40, elapsedMs: 10_000 }, { width: 4 })).toBe(
      'tiles         [###-]  30/40   75%  3.00 it/s  0:10  ETA 0:03',
    );
  });

  it("takes the caller's own rate for the ETA (training resumed at step 400 did 200 steps in 100 s)", () => {
    expect(
      renderProgressBar(
        { label: 'training', done: 600, total: 1000, elapsedMs: 100_000, perSecond: 2 },
        { width: 5, labelWidth: 0 },
      ),
    ).toBe('training  [###--]  600/1000   60%  2.00 it/s  1:40  ETA 3:20');
  });

  it('shows no rate or ETA before the first item is done', () => {
    expect(
      renderProgressBar({ label: 'x', done: 0, total: 2, elapsedMs: 0 }, { width: 2, labelWidth: 0 }),
    ).toBe('x  [--]  0/2    0%  0:00');
  });

  it('drops the ETA when finished, and shows hours for long runs (training steps)', () => {
    expect(
      renderProgressBar({ label: 'split', done: 4, total: 4, elapsedMs: 1500 }, { width: 4, labelWidth: 5 }),
    ).toBe('split  [####]  4/4  100%  2.67 it/s  0:02');
    expect(
      renderProgressBar(
        { label: 'step', done: 100, total: 1000, elapsedMs: 600_000, detail: 'loss 0.1234' },
        { width: 10, labelWidth: 4 },
      ),
    ).toBe('step  [#---------]  100/1000   10%  loss 0.1234  6.00 s/it  10:00  ETA 1:30:00');
  });

  it('shows a plain count when the total is unknown, and never overfills', () => {
    expect(renderProgressBar({ label: 'listing', done: 7, total: 0 }, { labelWidth: 0 })).toBe('listing  7');
    expect(renderProgressBar({ label: 'x', done: 9, total: 3 }, { width: 3, labelWidth: 0 })).toBe(
      'x  [###]  9/3  100%',
    );
  });
});
