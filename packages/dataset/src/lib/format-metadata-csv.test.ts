import { formatMetadataCsv } from '../index.js';
import { parseCsv } from '../test-support/parse-csv.js';
import { referenceVectors } from '@pixel-tools/test-support';

describe('formatMetadataCsv', () => {
  const { rows, text } = referenceVectors().metadata_csv;

  it('writes the reference metadata.csv byte for byte', () => {
    expect(formatMetadataCsv(rows.map(([file_name, t]) => ({ file_name, text: t })))).toBe(text);
  });

  it('reads back to the same rows with a standard CSV reader', () => {
    const tricky = [
      { file_name: 'a.png', text: 'say "hi",\r\nthen\nleave, "ok"' },
      { file_name: 'b.png', text: '' },
    ];
    expect(parseCsv(formatMetadataCsv(tricky))).toEqual([
      ['file_name', 'text'],
      ...tricky.map((r) => [r.file_name, r.text]),
    ]);
  });
});
