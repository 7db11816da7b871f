import { renderProgressBar } from './progress-bar.js';

describe('renderProgressBar', () => {
  it('draws the bar, counts, percentage, detail and ETA from the rate so far', () => {
    expect(
      renderProgressBar(
        { label: 'downloading', done: 10, total: 40, elapsedMs: 20_000, detail: '3.2 MiB' },
        { width: 8 },
      ),
    ).toBe('downloading   [##------]  10/40   25%  3.2 MiB  0:20  ETA 1:00');
  });

  it('drops the ETA when finished, and shows hours for long runs (training steps)', () => {
    expect(
      renderProgressBar({ label: 'split', done: 4, total: 4, elapsedMs: 1500 }, { width: 4, labelWidth: 5 }),
    ).toBe('split  [####]  4/4  100%  0:02');
    expect(
      renderProgressBar(
        { label: 'step', done: 100, total: 1000, elapsedMs: 600_000, detail: 'loss 0.1234' },
        { width: 10, labelWidth: 4 },
      ),
    ).toBe('step  [#---------]  100/1000   10%  loss 0.1234  10:00  ETA 1:30:00');
  });

  it('shows a plain count when the total is unknown, and never overfills', () => {
    expect(renderProgressBar({ label: 'listing', done: 7, total: 0 }, { labelWidth: 0 })).toBe('listing  7');
    expect(renderProgressBar({ label: 'x', done: 9, total: 3 }, { width: 3, labelWidth: 0 })).toBe(
      'x  [###]  9/3  100%',
    );
  });
});
