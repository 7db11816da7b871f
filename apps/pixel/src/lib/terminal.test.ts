import { Writable } from 'node:stream';
import { captureStream } from '../test-support/capture-stream.js';
import { Terminal } from './terminal.js';

describe('Terminal', () => {
  it('redraws the live lines in place: back up over them, each over a cleared line', () => {
    const tty = captureStream({ isTTY: true, columns: 80 });
    const terminal = new Terminal(tty.stream);
    terminal.show(['a 1', 'b 1']);
    terminal.show(['a 2', 'b 2']);
    expect(tty.text()).toBe('\x1b[2Ka 1\n\x1b[2Kb 1\n' + '\x1b[2F\x1b[2Ka 2\n\x1b[2Kb 2\n');
  });

  it('prints text above the live lines and draws them again below it; fewer lines erase the rest', () => {
    const tty = captureStream({ isTTY: true, columns: 80 });
    const terminal = new Terminal(tty.stream);
    terminal.show(['a', 'b', 'c']);
    terminal.print('notice\nsecond line');
    terminal.print('a done', ['b']);
    expect(tty.text()).toBe(
      '\x1b[2Ka\n\x1b[2Kb\n\x1b[2Kc\n' +
        '\x1b[3F\x1b[2Knotice\n\x1b[2Ksecond line\n\x1b[2Ka\n\x1b[2Kb\n\x1b[2Kc\n' +
        '\x1b[3F\x1b[2Ka done\n\x1b[2Kb\n\x1b[J',
    );
  });

  it('cuts live lines to the terminal width, so a redraw goes back up exactly the rows drawn', () => {
    const tty = captureStream({ isTTY: true, columns: 5 });
    const terminal = new Terminal(tty.stream);
    terminal.show(['0123456789']);
    terminal.print('a long line above is not cut');
    expect(tty.text()).toBe('\x1b[2K01234\n' + '\x1b[1F\x1b[2Ka long line above is not cut\n\x1b[2K01234\n');
  });

  it('prints a log line written to the same terminal above the live lines, on its own line', () => {
    const tty = captureStream({ isTTY: true, columns: 80 });
    const terminal = new Terminal(tty.stream);
    const log = terminal.logStream(tty.stream);
    log.write('before\n');
    terminal.show(['caching  [#---]  1/4']);
    log.write('[05:52:43] INFO: Training cache\n');
    expect(tty.text()).toBe(
      'before\n' +
        '\x1b[2Kcaching  [#---]  1/4\n' +
        '\x1b[1F\x1b[2K[05:52:43] INFO: Training cache\n\x1b[2Kcaching  [#---]  1/4\n',
    );
  });

  it('clears the live lines before a log line on another stream of the terminal (stderr) and redraws them after', () => {
    // stdout and stderr of one terminal: what reaches the screen, in order.
    const screen: string[] = [];
    const stream = (name: string) =>
      Object.assign(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            screen.push(`${name}:${chunk.toString()}`);
            done();
          },
        }),
        { isTTY: true, columns: 80 },
      );
    const stderr = stream('stderr');
    const terminal = new Terminal(stream('stdout'));
    terminal.show(['a', 'b']);
    terminal.logStream(stderr).write('WARN: slow\n');
    expect(screen).toEqual([
      'stdout:\x1b[2Ka\n\x1b[2Kb\n',
      'stdout:\x1b[2F\x1b[J',
      'stderr:WARN: slow\n',
      'stdout:\x1b[2Ka\n\x1b[2Kb\n',
    ]);
  });

  it('after release, the lines stay as drawn and later output goes below them untouched', () => {
    const tty = captureStream({ isTTY: true, columns: 80 });
    const terminal = new Terminal(tty.stream);
    terminal.show(['done 4/4']);
    terminal.release();
    terminal.logStream(tty.stream).write('ERROR: failed\n');
    terminal.show(['next']);
    expect(tty.text()).toBe('\x1b[2Kdone 4/4\n' + 'ERROR: failed\n' + '\x1b[2Knext\n');
  });

  it('leaves a log stream that is not a terminal (a file, a pipe) as it is', () => {
    const tty = captureStream({ isTTY: true });
    const file = captureStream();
    expect(new Terminal(tty.stream).logStream(file.stream)).toBe(file.stream);
  });
});
