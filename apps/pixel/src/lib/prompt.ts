import { createInterface } from 'node:readline';
import { UsageError } from '@pixel/constraints';

export interface PromptIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface Prompter {
  /**
   * Asks one question, showing the default in brackets; an empty answer takes the default. `parse`
   * turns the text into a value or throws a message, and then the question is asked again.
   */
  ask<T>(question: string, defaultAnswer: string, parse: (answer: string) => T): Promise<T>;
  close(): void;
}

/** Questions on a terminal. One line reader for all questions, so answers typed ahead are not lost. */
export function createPrompter(io: PromptIo): Prompter {
  const rl = createInterface({ input: io.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, defaultAnswer, parse) {
      for (;;) {
        io.output.write(`${question} [${defaultAnswer}]: `);
        const next = await lines.next();
        // The answer is the user's input, so its absence is a usage error (exit code 2), like a missing flag.
        if (next.done)
          throw new UsageError(
            `No answer to "${question}" (input closed); pass the answer as a flag instead.`,
          );
        const answer = (next.value as string).trim();
        try {
          return parse(answer === '' ? defaultAnswer : answer);
        } catch (error) {
          io.output.write(`${(error as Error).message}\n`);
        }
      }
    },
    close: () => rl.close(),
  };
}
