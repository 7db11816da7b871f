import { createReadStream } from 'node:fs';
import { UsageError } from '@pixel/constraints';
import { toFileSystemError } from '@pixel/files';

/**
 * The lines of a UTF-8 text file (LF or CRLF), read as a stream: memory holds one line, and a line longer than
 * `maxLineChars` is a `UsageError` naming the file and the line. Blank lines are skipped.
 */
export async function* readTextLines(file: string, maxLineChars: number): AsyncGenerator<string> {
  let line = '';
  let number = 1;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const parts = chunk.split('\n');
      for (const [i, part] of parts.entries()) {
        line += part;
        if (line.length > maxLineChars + 1) {
          throw new UsageError(`${file}, line ${number}: longer than ${maxLineChars} characters.`);
        }
        if (i === parts.length - 1) break;
        const text = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (text.trim() !== '') yield text;
        line = '';
        number += 1;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw toFileSystemError(error, file, { action: 'read' });
  } finally {
    stream.destroy();
  }
  if (line.trim() !== '') yield line.endsWith('\r') ? line.slice(0, -1) : line;
}
