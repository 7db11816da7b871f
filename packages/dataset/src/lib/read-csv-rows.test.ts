import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { FileSystemError } from '@pixel/files';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { formatMetadataCsv } from './format-metadata-csv.js';
import { readCsvRows } from './read-csv-rows.js';

async function rows(file: string, limits = {}): Promise<string[][]> {
  const read: string[][] = [];
  for await (const row of readCsvRows(file, limits)) read.push(row);
  return read;
}

describe('readCsvRows', () => {
  const dir = useTemporaryDirectory('csv-rows');

  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF and a byte order mark', async () => {
    const file = path.join(dir(), 'prompts.csv');
    await writeFile(
      file,
      '\uFEFFurl,prompt\r\nhttp://a/1.png,"a ""quoted"", multi\nline prompt"\r\n\r\nhttp://a/2.png,plain\n,\n',
    );
    expect(await rows(file)).toEqual([
      ['url', 'prompt'],
      ['http://a/1.png', 'a "quoted", multi\nline prompt'],
      ['http://a/2.png', 'plain'],
      ['', ''],
    ]);
  });

  it('reads back what formatMetadataCsv writes, row for row', async () => {
    const file = path.join(dir(), 'metadata.csv');
    const written = [
      { file_name: '000000001.png', text: 'commas, "quotes" and\nnewlines' },
      { file_name: '000000002.png', text: '' },
    ];
    await writeFile(file, formatMetadataCsv(written));
    expect(await rows(file)).toEqual([['file_name', 'text'], ...written.map((r) => [r.file_name, r.text])]);
  });

  it('refuses a field or a row over its limits, naming the file and the line', async () => {
    const file = path.join(dir(), 'big.csv');
    await writeFile(file, `url,prompt\nhttp://a,${'x'.repeat(50)}\n`);
    await expect(rows(file, { maxFieldChars: 40 })).rejects.toEqual(
      new UsageError(
        `${file}, line 2: a field longer than 40 characters; is it a CSV file of images and prompts?`,
      ),
    );
    await expect(rows(file, { maxFields: 1 })).rejects.toThrow(
      `${file}, line 1: more than 1 fields in a row`,
    );
    await writeFile(file, 'url,prompt\nhttp://a,"never closed\n');
    await expect(rows(file)).rejects.toThrow(`${file}, line 2: a quoted field that never ends`);
  });

  it('names a file it cannot read', async () => {
    const missing = path.join(dir(), 'missing.csv');
    const error = await rows(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot read ${missing}: `));
  });
});
