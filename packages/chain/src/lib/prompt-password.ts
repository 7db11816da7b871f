import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Ask for a password on the terminal without echoing it; pass as `password: () => promptPassword(...)`
 * so it is only asked when a key is really encrypted.
 */
export async function promptPassword(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  let muted = false;
  const maskedOutput = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  const terminal = createInterface({ input, output: maskedOutput, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      terminal.question(question, (answer) => {
        output.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  } finally {
    terminal.close();
  }
}
