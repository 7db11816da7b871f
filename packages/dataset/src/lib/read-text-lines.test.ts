import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTemporaryDirectory } from '@pixel-tools/test-support';
import { readTextLines } from './read-text-lines.js';

async function lines(file: string, max = 100): Promise<string[]> {
  const read: string[] = [];
  for await (const line of readTextLines(file, max)) read.push(line);
  return read;
}

describe('readTextLines', () => {
  const dir = useTemporaryDirectory('text-lines');

  it('yields each line without its end, skipping blank ones', async () => {
    const file = path.join(dir(), 'metadata.jsonl');
    await writeFile(file, '{"a":1}\r\n\n{"b":2}\n  \n{"c":3}');
    expect(await lines(file)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('refuses a line over the limit, naming the file and the line', async () => {
    const file = path.join(dir(), 'long.jsonl');
    await writeFile(file, `{"a":1}\n${'x'.repeat(20)}\n`);
    await expect(lines(file, 10)).rejects.toThrow(`${file}, line 2: longer than 10 characters.`);
  });
});
