import { createCsvRecordParser } from './create-csv-record-parser.js';
import type { CsvRecord } from './types.js';

function parseAll(text: string, chunkSize = Infinity): CsvRecord[] {
  const bytes = Buffer.from(text, 'utf8');
  const parser = createCsvRecordParser('metadata.csv');
  const out: CsvRecord[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length)) {
    out.push(...parser.push(bytes.subarray(i, i + Math.min(chunkSize, bytes.length))));
  }
  return [...out, ...parser.end()];
}

const TRICKY =
  'file_name,text\n' +
  '0_part_1.png,"a cat, a dog"\n' +
  '1_part_1.png,"she said ""hi"", then left"\r\n' +
  '\n' +
  '2_part_1.png,"two\nlines, ünïcödé 🐱"\n' +
  '3_part_1.png,\n' +
  '4_part_1.png,plain "inner" quote';

describe('createCsvRecordParser', () => {
  it('reads standard CSV quoting: commas, doubled quotes, newlines inside quotes, CRLF, blank lines, UTF-8', () => {
    expect(parseAll(TRICKY).map((r) => [r.fields, r.line])).toEqual([
      [['file_name', 'text'], 1],
      [['0_part_1.png', 'a cat, a dog'], 2],
      [['1_part_1.png', 'she said "hi", then left'], 3],
      [['2_part_1.png', 'two\nlines, ünïcödé 🐱'], 5],
      [['3_part_1.png', ''], 7],
      [['4_part_1.png', 'plain "inner" quote'], 8],
    ]);
  });

  it('gives the same records whatever the chunking, even one byte at a time', () => {
    const whole = parseAll(TRICKY);
    expect(parseAll(TRICKY, 1)).toEqual(whole);
    expect(parseAll(TRICKY, 7)).toEqual(whole);
  });

  it('reports byte ranges from which each record can be parsed again on its own', () => {
    const bytes = Buffer.from(TRICKY, 'utf8');
    for (const record of parseAll(TRICKY)) {
      const again = createCsvRecordParser('metadata.csv', record.start, record.line);
      const slice = bytes.subarray(record.start, record.end);
      expect([...again.push(slice), ...again.end()]).toEqual([record]);
    }
  });

  it('names the line of a quote that is never closed, and of bytes that are not UTF-8', () => {
    expect(() => parseAll('file_name,text\na.png,"never closed\nb.png,x\n')).toThrow(
      'metadata.csv line 2: a quoted field is never closed. Check the quotes of that row (a quote inside a field is written "").',
    );
    const parser = createCsvRecordParser('metadata.csv');
    expect(() => parser.push(Buffer.from([0x61, 0x2c, 0xff, 0x0a]))).toThrow(
      'metadata.csv line 1: not valid UTF-8. Save the file as UTF-8.',
    );
  });
});
