import type { CommandContext } from './context.js';
import { renderProgressBar, type ProgressState } from './progress-bar.js';

/** Redraw at most this often on a terminal: every event (a downloaded chunk, a tile) would flood it. */
const REDRAW_MS = 100;

/** Where a piece of work is: what `update` takes. */
export type BarProgress = Omit<ProgressState, 'label'>;

/** A bar as its log line sees it: the clock always known. */
export type BarSnapshot = BarProgress & { elapsedMs: number };

export interface ProgressReporterOptions {
  /** Bars on the terminal; without (a pipe, a file, CI, JSON on stdout), log lines instead, and no escape codes. */
  live: boolean;
  /** Bars shown from the start, in this order, with no count yet; others appear below on their first update. */
  bars?: readonly string[];
  /**
   * Off the terminal, a bar's log line is written at its first update if some work is done, then each time
   * another 1/logSteps of its total is: 10 logs each tenth, 1 only the end.
   */
  logSteps: number;
  /** Off the terminal, a bar's log line; `label: done/total` by default. */
  logLine?: (label: string, bar: BarSnapshot) => string;
}

interface Bar {
  label: string;
  progress: BarProgress;
  /** When its clock started: its first update (until then, when the reporter started). */
  since: number;
  /** Work done at its first update (a resumed run's): not counted in the rate, it took no time here. */
  doneAtStart: number;
  updated: boolean;
  /** The time it took, once all done: a finished bar's clock stops while others run on. */
  tookMs?: number;
  /** logSteps-ths done at the last update, for the log lines. */
  step?: number;
}

/**
 * The progress of a command, the one way the CLI shows it. On a terminal: bars (label, bar, done/total,
 * percent, rate, time, ETA, detail) redrawn in place at most every REDRAW_MS, below whatever is logged meanwhile
 * (the terminal owns the screen, see Terminal); a finished bar at the top is printed once in its final state
 * and leaves the live area, so bars that follow one another (caching, then training) stay on screen in order.
 * Off a terminal: periodic log lines. `finish` (in a `finally`) draws the final state once.
 */
export class ProgressReporter {
  readonly #ctx: Pick<CommandContext, 'logger' | 'terminal'>;
  readonly #options: ProgressReporterOptions;
  readonly #bars: Bar[];
  #lastDraw = -Infinity;
  /** Updates not drawn yet. */
  #stale = false;
  /** The draw an update too soon after the last one waits for, so the screen never stays behind. */
  #pending: NodeJS.Timeout | undefined;

  constructor(ctx: Pick<CommandContext, 'logger' | 'terminal'>, options: ProgressReporterOptions) {
    this.#ctx = ctx;
    this.#options = options;
    const now = performance.now();
    this.#bars = (options.bars ?? []).map((label) => ({
      label,
      progress: { done: 0, total: 0 },
      since: now,
      doneAtStart: 0,
      updated: false,
    }));
  }

  /** The bar `label` is at `progress` now (created on its first update). */
  update(label: string, progress: BarProgress): void {
    const now = performance.now();
    let bar = this.#bars.find((b) => b.label === label);
    if (!bar) {
      bar = { label, progress, since: now, doneAtStart: 0, updated: false };
      this.#bars.push(bar);
    }
    if (!bar.updated) {
      bar.since = now;
      bar.doneAtStart = progress.done;
      bar.updated = true;
    }
    bar.progress = progress;
    const finished = progress.total > 0 && progress.done >= progress.total;
    bar.tookMs = finished ? (bar.tookMs ?? now - bar.since) : undefined;
    if (this.#options.live) this.#drawSoon();
    else this.#log(bar);
  }

  /** A warning as it happens: on the terminal printed above the bars as it is, otherwise logged with `fields`. */
  warn(fields: Record<string, unknown>, message: string): void {
    if (this.#options.live) this.#ctx.terminal.print(message);
    else this.#ctx.logger.warn(fields, message);
  }

  /** Done (or failed, or interrupted): the bars are drawn once in their final state and the terminal released. */
  finish(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    if (this.#options.live && this.#stale) this.#draw();
    this.#ctx.terminal.release();
  }

  #drawSoon(): void {
    this.#stale = true;
    if (this.#pending) return;
    const wait = this.#lastDraw + REDRAW_MS - performance.now();
    if (wait <= 0) this.#draw();
    // unref: a pending redraw never keeps the process alive.
    else this.#pending = setTimeout(() => this.#draw(), wait).unref();
  }

  #draw(): void {
    this.#pending = undefined;
    this.#stale = false;
    this.#lastDraw = performance.now();
    const done: Bar[] = [];
    while (this.#bars[0]?.tookMs !== undefined) done.push(this.#bars.shift()!);
    const lines = this.#bars.map((bar) => this.#render(bar));
    if (done.length > 0) this.#ctx.terminal.print(done.map((bar) => this.#render(bar)).join('\n'), lines);
    else this.#ctx.terminal.show(lines);
  }

  #render(bar: Bar): string {
    return renderProgressBar({ label: bar.label, ...this.#snapshot(bar) });
  }

  #snapshot(bar: Bar): BarSnapshot {
    const { done, perSecond, elapsedMs } = bar.progress;
    // The caller keeps the clock (training's, evaluation's).
    if (elapsedMs !== undefined) return { ...bar.progress, elapsedMs };
    const clock = bar.tookMs ?? performance.now() - bar.since;
    return {
      ...bar.progress,
      elapsedMs: clock,
      perSecond: perSecond ?? ((done - bar.doneAtStart) * 1000) / clock,
    };
  }

  #log(bar: Bar): void {
    const { done, total } = bar.progress;
    const steps = this.#options.logSteps;
    const step = total > 0 ? Math.floor((done * steps) / total) : steps;
    if (bar.step === undefined ? done > 0 : step > bar.step) {
      const line =
        this.#options.logLine?.(bar.label, this.#snapshot(bar)) ?? `${bar.label}: ${done}/${total}`;
      this.#ctx.logger.info({ progress: bar.label, done, total }, line);
    }
    bar.step = step;
  }
}
