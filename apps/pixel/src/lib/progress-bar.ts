export interface ProgressState {
  /** Shown before the bar, padded so stacked bars line up. */
  label: string;
  done: number;
  total: number;
  /** Milliseconds since this bar started; with `done` gives the rate and the ETA. */
  elapsedMs?: number;
  /**
   * Items per second, where the caller measures its own (training counts only the steps of this process, not
   * those before a resume); by default `done` over `elapsedMs`.
   */
  perSecond?: number;
  /** Free text after the numbers, e.g. `3.2 MiB` or `loss 0.1234`. */
  detail?: string;
}

export interface ProgressBarStyle {
  /** Width of the bar itself, in characters. Default 24. */
  width?: number;
  /** Width the label is padded to. Default 12. */
  labelWidth?: number;
}

/** `1:05` or `1:02:05`. */
function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const mmss = `${h > 0 ? String(m).padStart(2, '0') : m}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `2.50 it/s`, or `12.0 s/it` when an item takes longer than a second (a sample evaluated on a CPU). */
function rate(perSecond: number): string {
  return perSecond >= 1 ? `${perSecond.toFixed(2)} it/s` : `${(1 / perSecond).toPrecision(3)} s/it`;
}

/**
 * One line of a progress display: `label  [#########-----]  12/40  30%  3.2 MiB  0.18 it/s  1:05  ETA 2:31`.
 * Works for any counted work (downloads, tiles, training steps); an unknown total (0) shows no bar.
 */
export function renderProgressBar(state: ProgressState, style: ProgressBarStyle = {}): string {
  const width = style.width ?? 24;
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 0;
  const filled = Math.round(fraction * width);
  const parts = [state.label.padEnd(style.labelWidth ?? 12)];
  if (state.total > 0) {
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
      `${state.done}/${state.total}`,
      `${Math.floor(fraction * 100)}%`.padStart(4),
    );
  } else {
    parts.push(String(state.done));
  }
  if (state.detail) parts.push(state.detail);
  if (state.elapsedMs !== undefined) {
    const perSecond = state.perSecond ?? (state.done * 1000) / state.elapsedMs;
    const measured = state.done > 0 && perSecond > 0 && Number.isFinite(perSecond);
    if (measured) parts.push(rate(perSecond));
    parts.push(clock(state.elapsedMs));
    if (measured && state.total > state.done)
      parts.push(`ETA ${clock(((state.total - state.done) / perSecond) * 1000)}`);
  }
  return parts.join('  ');
}
