import { UsageError } from '@pixel/constraints';
import { pickColumn, type ColumnRole } from './pick-column.js';

const captions: ColumnRole = {
  what: 'captions',
  flag: '--caption-column',
  expected: 'text (string)',
  accepts: (column) => column.type === 'string',
  preferred: ['prompt', 'caption', 'text'],
};
const columns = [
  { name: 'id', type: 'INT64' },
  { name: 'Caption', type: 'string' },
  { name: 'prompt', type: 'INT32' },
];

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as Error;
  }
  throw new Error('expected a UsageError');
}

describe('pickColumn', () => {
  it('takes the first preferred name of an accepted type, whatever its case', () => {
    expect(pickColumn(columns, captions, undefined, 'x.parquet')).toBe('Caption');
  });

  it('takes the column the flag names, when it exists with an accepted type', () => {
    expect(pickColumn([...columns, { name: 'notes', type: 'string' }], captions, 'notes', 'x.parquet')).toBe(
      'notes',
    );
  });

  it('lists the columns when a guess fails or the flag names a column that cannot serve', () => {
    const list = 'its columns are: id (INT64), Caption (string), prompt (INT32)';
    expect(
      failure(() =>
        pickColumn(
          columns.filter((c) => c.name !== 'Caption'),
          captions,
          undefined,
          'x.parquet',
        ),
      ).message,
    ).toBe(
      'Cannot tell which column of x.parquet holds the captions (text (string)); its columns are: id (INT64), ' +
        'prompt (INT32). Name it with --caption-column.',
    );
    expect(failure(() => pickColumn(columns, captions, 'title', 'x.parquet')).message).toBe(
      `--caption-column title: x.parquet has no such column; ${list}.`,
    );
    expect(failure(() => pickColumn(columns, captions, 'id', 'x.parquet')).message).toBe(
      `--caption-column id: in x.parquet it is INT64, but the captions must be text (string); ${list}.`,
    );
  });

  it('lists at most 40 columns', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ name: `c${i}`, type: 'INT32' }));
    expect(failure(() => pickColumn(many, captions, undefined, 'wide.parquet')).message).toMatch(
      /c38 \(INT32\), c39 \(INT32\), and 5 more\. Name it with --caption-column\.$/,
    );
  });
});
