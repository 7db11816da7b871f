import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, with a rule under the header and no trailing spaces', () => {
    expect(
      formatTable(
        ['id', 'size'],
        [
          ['m6', '6 GiB'],
          ['long-id', '1 B'],
        ],
      ),
    ).toBe(['id       size', '-------  -----', 'm6       6 GiB', 'long-id  1 B'].join('\n'));
  });
});
