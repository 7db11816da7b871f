import { createReadStream } from 'node:fs';
import { UsageError } from '@pixel/constraints';
import { toFileSystemError } from '@pixel/files';

/** Limits on a CSV file from strangers: its fields, its columns. */
export interface CsvLimits {
  /** Longest field accepted, in characters. Default 100000 (a prompt is at most 6000). */
  maxFieldChars?: number;
  /** Most fields in a row. Default 1000. */
  maxFields?: number;
}

/**
 * The rows of an RFC 4180 CSV file (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF, a
 * UTF-8 byte order mark), read as a stream: memory holds one row, whatever the file's size, and a field or a row
 * over the limits is a `UsageError` naming the file and the line. Blank lines are skipped.
 */
export async function* readCsvRows(file: string, limits: CsvLimits = {}): AsyncGenerator<string[]> {
  const maxFieldChars = limits.maxFieldChars ?? 100_000;
  const maxFields = limits.maxFields ?? 1000;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  /** Inside quotes, a quote was just read: the next character says whether it was doubled or closing. */
  let quoteSeen = false;
  let line = 1;
  let rowLine = 1;
  let first = true;
  const tooBig = (what: string) =>
    new UsageError(`${file}, line ${rowLine}: ${what}; is it a CSV file of images and prompts?`);
  const endField = () => {
    row.push(field);
    field = '';
    if (row.length > maxFields) throw tooBig(`more than ${maxFields} fields in a row`);
  };
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = chunk;
      if (first && text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
      for (const c of text) {
        if (quoted) {
          if (!quoteSeen) {
            if (c === '"') quoteSeen = true;
            else {
              field += c;
              if (c === '\n') line += 1;
            }
            if (field.length > maxFieldChars) throw tooBig(`a field longer than ${maxFieldChars} characters`);
            continue;
          }
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false;
        }
        if (c === '"' && field === '') quoted = true;
        else if (c === ',') endField();
        else if (c === '\n') {
          line += 1;
          if (row.length > 0 || field !== '') {
            endField();
            yield row;
          }
          row = [];
          rowLine = line;
        } else if (c !== '\r') {
          field += c;
          if (field.length > maxFieldChars) throw tooBig(`a field longer than ${maxFieldChars} characters`);
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw toFileSystemError(error, file, { action: 'read' });
  } finally {
    stream.destroy();
  }
  if (quoted && !quoteSeen) throw tooBig('a quoted field that never ends');
  if (row.length > 0 || field !== '') {
    endField();
    yield row;
  }
}
