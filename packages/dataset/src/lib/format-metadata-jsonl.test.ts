import { formatMetadataJsonl } from '../index.js';

describe('formatMetadataJsonl', () => {
  it('writes one object per line that parses back exactly', () => {
    const rows = [
      { file_name: '000000001_part_1.png', text: 'a "quoted", comma\nnewline' },
      { file_name: '000000001_part_2.png', text: 'é ✓' },
    ];
    const text = formatMetadataJsonl(rows);
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(rows);
  });
});
