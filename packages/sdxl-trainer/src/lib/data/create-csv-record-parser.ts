import type { CsvRecord } from './types.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export interface CsvRecordParser {
  /** Feeds the next bytes of the file; returns the records completed by them. */
  push(chunk: Uint8Array): CsvRecord[];
  /** Ends the input; returns the last record if it had no line ending. */
  end(): CsvRecord[];
}

/**
 * An incremental RFC 4180 CSV parser over UTF-8 bytes (comma separator, double-quote quoting with ""
 * escapes, LF, CRLF or CR line endings), as Python's csv module and pandas read `metadata.csv`: quoted
 * fields may hold commas, quotes and newlines. It reports each record's byte range so a reader can keep
 * offsets instead of rows. Blank lines are skipped, like pandas. `startOffset`/`startLine` position a
 * parser that starts inside a file.
 */
export function createCsvRecordParser(name: string, startOffset = 0, startLine = 1): CsvRecordParser {
  let fields: string[] = [];
  let field: number[] = [];
  let inQuotes = false;
  let quoteClosed = false; // just read the closing quote of a quoted field (or the first of "")
  let pendingCr = false; // read CR, a following LF belongs to the same line ending
  let recordStart = startOffset;
  let recordLine = startLine;
  let line = startLine;
  let offset = startOffset;
  let sawAnyByte = false;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const finishField = () => {
    try {
      fields.push(decoder.decode(new Uint8Array(field)));
    } catch {
      throw new Error(`${name} line ${recordLine}: not valid UTF-8. Save the file as UTF-8.`);
    }
    field = [];
    quoteClosed = false;
  };

  const finishRecord = (out: CsvRecord[], end: number) => {
    finishField();
    const blank = fields.length === 1 && fields[0] === '' && !sawAnyByte;
    if (!blank) out.push({ fields, start: recordStart, end, line: recordLine });
    fields = [];
    sawAnyByte = false;
    recordStart = end;
    recordLine = line;
  };

  return {
    push(chunk) {
      const out: CsvRecord[] = [];
      for (let i = 0; i < chunk.length; i++, offset++) {
        const byte = chunk[i]!;
        if (pendingCr) {
          pendingCr = false;
          if (byte === LF) {
            recordStart = offset + 1;
            continue;
          }
        }
        if (inQuotes) {
          if (byte === QUOTE) {
            inQuotes = false;
            quoteClosed = true;
          } else {
            if (byte === LF || (byte === CR && chunk[i + 1] !== LF)) line++;
            field.push(byte);
          }
          continue;
        }
        if (byte === QUOTE) {
          sawAnyByte = true;
          if (quoteClosed) {
            // "" inside a quoted field: a literal quote, and the field goes on quoted.
            field.push(QUOTE);
            inQuotes = true;
            quoteClosed = false;
          } else if (field.length === 0) {
            inQuotes = true;
          } else {
            field.push(byte); // a stray quote inside an unquoted field is kept, as Python's csv does
          }
        } else if (byte === COMMA) {
          sawAnyByte = true;
          finishField();
        } else if (byte === LF || byte === CR) {
          line++;
          finishRecord(out, offset + 1);
          if (byte === CR) pendingCr = true;
        } else {
          sawAnyByte = true;
          quoteClosed = false;
          field.push(byte);
        }
      }
      return out;
    },
    end() {
      if (inQuotes) {
        throw new Error(
          `${name} line ${recordLine}: a quoted field is never closed. Check the quotes of that row (a quote inside a field is written "").`,
        );
      }
      const out: CsvRecord[] = [];
      if (fields.length > 0 || field.length > 0 || sawAnyByte) finishRecord(out, offset);
      return out;
    },
  };
}
