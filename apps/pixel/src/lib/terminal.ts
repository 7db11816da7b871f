import { Writable } from 'node:stream';

/** Erases the line the cursor is on. */
const CLEAR_LINE = '\x1b[2K';
/** Erases from the cursor to the end of the screen. */
const CLEAR_BELOW = '\x1b[J';

/** Moves the cursor to the start of the line `rows` above. */
function up(rows: number): string {
  return rows > 0 ? `\x1b[${rows}F` : '';
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY);
}

/**
 * The bottom of a terminal, owned by the live lines drawn there (progress bars): they are redrawn in place,
 * and every other line (a log line, a notice) is printed above them, never onto them. Each live line ends with
 * a newline, so the cursor always rests at the start of a fresh line below them: whatever ends the process
 * (an error, Ctrl-C), the terminal is left clean, and nothing needs restoring.
 */
export class Terminal {
  readonly #output: NodeJS.WritableStream;
  /** The live lines as drawn: the rows the cursor goes back up over. */
  #lines: readonly string[] = [];

  /** `output` is where the live lines are drawn: a terminal. */
  constructor(output: NodeJS.WritableStream) {
    this.#output = output;
  }

  /** Draws these live lines in place of the ones drawn before. */
  show(lines: readonly string[]): void {
    this.#write(this.#redraw([], lines));
  }

  /** Prints text (one or more lines) above the live lines, and draws `lines` (by default the same) below it. */
  print(text: string, lines: readonly string[] = this.#lines): void {
    this.#write(this.#redraw(text.split('\n'), lines));
  }

  /** The live lines stay on screen as last drawn, no longer live: later output goes below them. */
  release(): void {
    this.#lines = [];
  }

  /**
   * Where a logger writes its lines to `target` (stderr): when that is this terminal too, each line is printed
   * above the live lines, which are drawn again below it. Elsewhere (a file, a pipe) `target` itself.
   */
  logStream(target: NodeJS.WritableStream): NodeJS.WritableStream {
    if (!isTerminal(target)) return target;
    return new Writable({
      decodeStrings: false,
      write: (chunk: Buffer | string, _encoding, done) => {
        this.#printFrom(target, chunk.toString());
        done();
      },
    });
  }

  /** A log line from `target`, which shares the screen with the live lines but may be another stream. */
  #printFrom(target: NodeJS.WritableStream, text: string): void {
    if (this.#lines.length === 0) {
      target.write(text);
    } else if (target === this.#output) {
      this.print(text.endsWith('\n') ? text.slice(0, -1) : text);
    } else {
      // Writes to a terminal are synchronous in Node, so the three land on the screen in this order.
      this.#write(`${up(this.#lines.length)}${CLEAR_BELOW}`);
      target.write(text.endsWith('\n') ? text : `${text}\n`);
      this.#write(this.#lines.map((line) => `${CLEAR_LINE}${line}\n`).join(''));
    }
  }

  /**
   * What replaces the live lines on screen: the cursor goes back to their first row, then `above` and the new
   * live lines are written, each over a cleared line, and rows left over from longer live lines are erased.
   * Live lines are cut to the terminal's width: one that wrapped would take two rows and the next redraw
   * would go back up one row too few.
   */
  #redraw(above: readonly string[], lines: readonly string[]): string {
    const width = (this.#output as { columns?: number }).columns;
    const fitted = width ? lines.map((line) => line.slice(0, width)) : [...lines];
    const rows = [...above, ...fitted];
    const text =
      up(this.#lines.length) +
      rows.map((row) => `${CLEAR_LINE}${row}\n`).join('') +
      (rows.length < this.#lines.length ? CLEAR_BELOW : '');
    this.#lines = fitted;
    return text;
  }

  #write(text: string): void {
    if (text) this.#output.write(text);
  }
}
