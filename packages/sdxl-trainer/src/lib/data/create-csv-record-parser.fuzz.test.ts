import fc from 'fast-check';
import { createCsvRecordParser } from './create-csv-record-parser.js';

/** Standard CSV quoting, as Python's csv module and pandas write it (QUOTE_MINIMAL). */
function formatField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const field = fc.string({
  unit: fc.constantFrom('a', 'é', '🐱', ',', '"', '\n', '\r\n', ' ', 'x', '\t'),
  maxLength: 12,
});

describe('createCsvRecordParser (property)', () => {
  it('reads back any rows written with standard quoting, whatever the chunking and line endings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 17 }),
        (rows, newline, chunkSize) => {
          const text = rows.map((r) => r.map(formatField).join(',') + newline).join('');
          const bytes = Buffer.from(text, 'utf8');
          const parser = createCsvRecordParser('metadata.csv');
          const records = [];
          for (let i = 0; i < bytes.length; i += chunkSize)
            records.push(...parser.push(bytes.subarray(i, i + chunkSize)));
          records.push(...parser.end());
          expect(records.map((r) => r.fields)).toEqual(rows);
          for (const record of records) {
            const again = createCsvRecordParser('metadata.csv', record.start, record.line);
            const slice = bytes.subarray(record.start, record.end);
            expect([...again.push(slice), ...again.end()].map((r) => r.fields)).toEqual([record.fields]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
