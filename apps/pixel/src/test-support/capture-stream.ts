import { Writable } from 'node:stream';

export interface CapturedStream {
  stream: NodeJS.WritableStream;
  text(): string;
}

/** A writable that keeps what was written; `isTTY`/`columns` make it look like a terminal. */
export function captureStream(terminal: { isTTY?: boolean; columns?: number } = {}): CapturedStream {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(stream, terminal);
  return { stream, text: () => chunks.join('') };
}
