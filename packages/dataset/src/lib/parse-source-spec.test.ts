import { UsageError } from '@pixel/constraints';
import { parseSourceSpec } from '../index.js';

describe('parseSourceSpec', () => {
  it('reads the four kinds of source', () => {
    expect(parseSourceSpec('sn19')).toEqual({ kind: 'sn19' });
    expect(parseSourceSpec('hf:someone/images@v2')).toEqual({ kind: 'hf', repo: 'someone/images@v2' });
    expect(parseSourceSpec('folder:./my images')).toEqual({ kind: 'folder', path: './my images' });
    expect(parseSourceSpec('csv:C:/prompts.csv')).toEqual({ kind: 'csv', path: 'C:/prompts.csv' });
  });

  it('names the forms it takes when given something else', () => {
    for (const text of ['', 'hf:', 'appsmith', 'https://example.com/data', 'zip:x.zip']) {
      const error = (() => {
        try {
          return parseSourceSpec(text);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(
        `--source must be sn19, hf:<owner>/<dataset>[@revision], folder:<dir> or csv:<file>, got ${JSON.stringify(text)}`,
      );
    }
  });
});
