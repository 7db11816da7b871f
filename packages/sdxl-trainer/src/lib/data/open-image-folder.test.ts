import { mkdtemp, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openImageFolder } from './open-image-folder.js';
import type { ImageFolderDataset, OpenImageFolderOptions } from './types.js';

let root: string;
let png: Buffer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pixel-imagefolder-'));
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 10, b: 10 } } })
    .png()
    .toBuffer();
});
afterAll(() => rm(root, { recursive: true, force: true }));

let folderCount = 0;
/** A fresh folder with these files; string contents are written as text, `true` as a valid PNG. */
async function folder(files: Record<string, string | Buffer | true>): Promise<string> {
  const dir = path.join(root, `set-${folderCount++}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content === true ? png : content);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

async function open(
  options: OpenImageFolderOptions,
): Promise<{ dataset: ImageFolderDataset; warnings: string[] }> {
  const warnings: string[] = [];
  const dataset = await openImageFolder({ onWarning: (m) => warnings.push(m), ...options });
  return { dataset, warnings };
}

async function allRecords(dataset: ImageFolderDataset) {
  const out = [];
  for (let i = 0; i < dataset.length; i++) out.push(await dataset.record(i));
  await dataset.close();
  return out;
}

describe('openImageFolder', () => {
  it('reads metadata.csv as `pixel dataset generate` writes it: standard quoting, captions with commas, quotes and newlines', async () => {
    const dir = await folder({
      'metadata.csv':
        '\uFEFFfile_name,text\r\n000000000_part_1.png,"a cat, sitting"\r\nsub/b.png,"he said ""no""\nthen left"\r\n',
      '000000000_part_1.png': true,
      'sub/b.png': true,
    });
    const { dataset, warnings } = await open({ directory: dir });
    expect(warnings).toEqual([]);
    expect(dataset.columns).toEqual(['image', 'text']);
    expect(dataset.metadataPath).toBe(path.join(dir, 'metadata.csv'));
    expect(await allRecords(dataset)).toEqual([
      { index: 0, line: 2, imagePath: path.join(dir, '000000000_part_1.png'), caption: 'a cat, sitting' },
      { index: 1, line: 3, imagePath: path.join(dir, 'sub/b.png'), caption: 'he said "no"\nthen left' },
    ]);
  });

  it('reads metadata.jsonl, including lists of captions, and other column names via --caption_column', async () => {
    const dir = await folder({
      'metadata.jsonl':
        '{"file_name": "a.png", "prompt": "one"}\n\n{"file_name": "b.png", "prompt": ["two", "deux"]}',
      'a.png': true,
      'b.png': true,
    });
    const { dataset } = await open({ directory: dir, captionColumn: 'prompt' });
    expect(dataset.columns).toEqual(['image', 'prompt']);
    expect((await allRecords(dataset)).map((r) => [r.line, r.caption])).toEqual([
      [1, 'one'],
      [3, ['two', 'deux']],
    ]);
  });

  it('reads metadata.csv when metadata.jsonl is there too, as `pixel dataset generate` writes both', async () => {
    const dir = await folder({
      'metadata.csv': 'file_name,text\na.png,from csv\n',
      'metadata.jsonl': '{"file_name": "a.png", "text": "from jsonl"}\n',
      'a.png': true,
    });
    const { dataset } = await open({ directory: dir });
    expect(dataset.metadataPath).toBe(path.join(dir, 'metadata.csv'));
    expect((await allRecords(dataset))[0]!.caption).toBe('from csv');
  });

  it('maps <x>_file_name to image column <x>, as the imagefolder loader does', async () => {
    const dir = await folder({ 'metadata.csv': 'target_file_name,text\na.png,hi\n', 'a.png': true });
    const { dataset } = await open({ directory: dir, imageColumn: 'target' });
    expect(dataset.columns).toEqual(['target', 'text']);
    expect((await allRecords(dataset))[0]!.imagePath).toBe(path.join(dir, 'a.png'));
  });

  it('skips rows whose image is missing or unreadable, warning with the line and file, and keeps training on the rest', async () => {
    const dir = await folder({
      'metadata.csv': 'file_name,text\ngood.png,ok\nmissing.png,gone\nbroken.png,bad\n,no file\n',
      'good.png': true,
      'broken.png': 'this is not a png',
    });
    const { dataset, warnings } = await open({ directory: dir });
    expect(dataset.length).toBe(1);
    expect(dataset.skipped).toBe(3);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toBe(
      `metadata.csv line 3: image ${path.join(dir, 'missing.png')} is not found; row skipped.`,
    );
    expect(warnings[1]).toMatch(
      new RegExp(
        `^metadata.csv line 4: image ${path.join(dir, 'broken.png')} is not a readable image \\(.+\\); row skipped\\.$`,
      ),
    );
    expect(warnings[2]).toBe('metadata.csv line 5: no image file name in column file_name; row skipped.');
    expect((await allRecords(dataset))[0]!.caption).toBe('ok');
  });

  it('skips every image that does not decode alike: a truncated PNG, an empty file and a corrupt one', async () => {
    // A PNG whose header is intact but whose pixel data stops halfway: its size reads fine, decoding fails.
    const large = await sharp({
      create: {
        width: 64,
        height: 64,
        channels: 3,
        background: { r: 0, g: 0, b: 0 },
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const dir = await folder({
      'metadata.csv': 'file_name,text\ngood.png,ok\ntruncated.png,a\nempty.png,b\ncorrupt.png,c\n',
      'good.png': true,
      'truncated.png': large.subarray(0, large.length >> 1),
      'empty.png': '',
      'corrupt.png': 'this is not a png',
    });
    const { dataset, warnings } = await open({ directory: dir });
    expect(dataset.length).toBe(1);
    expect(dataset.skipped).toBe(3);
    expect(warnings).toHaveLength(3);
    ['truncated.png', 'empty.png', 'corrupt.png'].forEach((name, i) =>
      expect(warnings[i]).toMatch(
        new RegExp(
          `^metadata.csv line ${i + 3}: image ${path.join(dir, name)} is not a readable image \\(.+\\); row skipped\\.$`,
        ),
      ),
    );
    // The reason in brackets is libvips' own wording, which varies (under concurrent decodes it can be a
    // generic "Warning treated as error"), so only its presence is checked above.
    await dataset.close();
  });

  it('refuses rows whose file_name leaves the dataset folder: "..", absolute paths, links to outside', async () => {
    const outside = await folder({ 'secret.png': true });
    const dir = await folder({
      'metadata.csv': [
        'file_name,text',
        'sub/a.png,inside',
        `../${path.basename(outside)}/secret.png,climbs out`,
        '../../x,climbs further',
        `${path.join(outside, 'secret.png')},absolute`,
        'sub/../sub/a.png,stays inside',
        'link-out.png,a link to a file outside',
        'linked-folder/secret.png,a linked folder outside',
        'link-in.png,a link to a file inside',
        '',
      ].join('\n'),
      'sub/a.png': true,
    });
    await symlink(path.join(outside, 'secret.png'), path.join(dir, 'link-out.png'));
    await symlink(outside, path.join(dir, 'linked-folder'));
    await symlink('sub/a.png', path.join(dir, 'link-in.png'));
    const { dataset, warnings } = await open({ directory: dir });
    expect(warnings).toEqual([
      `metadata.csv line 3: file_name "../${path.basename(outside)}/secret.png" leaves the dataset folder ${dir}: name an image inside it (a path relative to the folder, not climbing out with ".."); row skipped.`,
      `metadata.csv line 4: file_name "../../x" leaves the dataset folder ${dir}: name an image inside it (a path relative to the folder, not climbing out with ".."); row skipped.`,
      `metadata.csv line 5: file_name "${path.join(outside, 'secret.png')}" is an absolute path: name the image relative to the dataset folder ${dir}; row skipped.`,
      `metadata.csv line 7: image ${path.join(dir, 'link-out.png')} is a link to ${path.join(outside, 'secret.png')}, outside the dataset folder ${dir}: copy the image into the folder; row skipped.`,
      `metadata.csv line 8: image ${path.join(dir, 'linked-folder/secret.png')} is a link to ${path.join(outside, 'secret.png')}, outside the dataset folder ${dir}: copy the image into the folder; row skipped.`,
    ]);
    expect(dataset.skipped).toBe(5);
    expect((await allRecords(dataset)).map((r) => [r.caption, r.imagePath])).toEqual([
      ['inside', path.join(dir, 'sub/a.png')],
      ['stays inside', path.join(dir, 'sub/a.png')],
      ['a link to a file inside', path.join(dir, 'link-in.png')],
    ]);
  });

  it('reads a --train_data_dir that is itself a link, and JSONL rows that climb out are refused too', async () => {
    const dir = await folder({
      'metadata.jsonl':
        '{"file_name": "a.png", "text": "fine"}\n{"file_name": "/etc/passwd", "text": "no"}\n',
      'a.png': true,
    });
    const link = path.join(root, `link-${folderCount++}`);
    await symlink(dir, link);
    const { dataset, warnings } = await open({ directory: link });
    expect(warnings).toEqual([
      `metadata.jsonl line 2: file_name "/etc/passwd" is an absolute path: name the image relative to the dataset folder ${link}; row skipped.`,
    ]);
    expect((await allRecords(dataset)).map((r) => r.imagePath)).toEqual([path.join(link, 'a.png')]);
  });

  it('skips JSONL rows without a usable caption, naming the line', async () => {
    const dir = await folder({
      'metadata.jsonl':
        '{"file_name": "a.png", "text": "fine"}\n{"file_name": "a.png"}\n{"file_name": "a.png", "text": 3}\n',
      'a.png': true,
    });
    const { dataset, warnings } = await open({ directory: dir });
    expect(dataset.length).toBe(1);
    expect(warnings).toEqual([
      'metadata.jsonl line 2: no caption in column text (got nothing); row skipped.',
      'metadata.jsonl line 3: no caption in column text (got 3); row skipped.',
    ]);
    await dataset.close();
  });

  it.each([
    [
      'no metadata file',
      { 'a.png': true },
      {},
      /has no metadata\.csv or metadata\.jsonl\. The imagefolder layout needs one, with a file_name column/,
    ],
    [
      'an empty metadata file',
      { 'metadata.csv': '' },
      {},
      /metadata\.csv is empty: it needs a header line \(file_name,text\)/,
    ],
    [
      'a header without rows',
      { 'metadata.csv': 'file_name,text\n' },
      {},
      /metadata\.csv has no rows: the dataset is empty\./,
    ],
    [
      'only unusable rows',
      { 'metadata.csv': 'file_name,text\nx.png,a\n' },
      {},
      /None of the 1 rows of .*metadata\.csv is usable \(see the warnings\): the dataset is empty\./,
    ],
    [
      'a missing caption column',
      { 'metadata.csv': 'file_name,prompt\na.png,x\n' },
      {},
      /^--caption_column "text" needs to be one of the text columns: prompt \(metadata\.csv columns: file_name, prompt\)\.$/,
    ],
    [
      'a missing image column',
      { 'metadata.csv': 'path,text\na.png,x\n' },
      {},
      /^--image_column "image" needs to be one of: path, text \(metadata\.csv columns: path, text; a file_name column appears as "image"\)\.$/,
    ],
    [
      'a text column as image column',
      { 'metadata.csv': 'file_name,text\na.png,x\n' },
      { imageColumn: 'text' },
      /--image_column "text" holds text in metadata\.csv, not images: image columns are image\./,
    ],
    [
      'the image column as caption column',
      { 'metadata.csv': 'file_name,text\na.png,x\n' },
      { captionColumn: 'image' },
      /--caption_column "image" needs to be one of the text columns: text/,
    ],
    [
      'a row with an unquoted comma',
      { 'metadata.csv': 'file_name,text\na.png,a cat, a dog\n', 'a.png': true },
      {},
      /metadata\.csv line 2 has 3 fields but the header has 2: quote fields that contain commas/,
    ],
    [
      'an unclosed quote',
      { 'metadata.csv': 'file_name,text\na.png,"a cat\n', 'a.png': true },
      {},
      /metadata\.csv line 2: a quoted field is never closed/,
    ],
    [
      'invalid JSON',
      { 'metadata.jsonl': '{"file_name": "a.png", "text": "x"}\n{oops}\n', 'a.png': true },
      {},
      /metadata\.jsonl line 2 is not valid JSON/,
    ],
    [
      'a JSON line that is not an object',
      { 'metadata.jsonl': '["a.png", "x"]\n' },
      {},
      /metadata\.jsonl line 1 is not a JSON object/,
    ],
  ] as const)(
    'refuses %s with a message naming the file, line or column',
    async (_, files, options, message) => {
      const dir = await folder(files as Record<string, string | true>);
      await expect(open({ directory: dir, ...options })).rejects.toThrow(message);
    },
  );

  it('points to a sub-folder that has the metadata when given its parent', async () => {
    const dir = await folder({ 'preprocessed_images/metadata.csv': 'file_name,text\n', 'other/a.png': true });
    await expect(open({ directory: dir })).rejects.toThrow(
      `has no metadata.csv or metadata.jsonl. The imagefolder layout needs one, with a file_name column naming each image and a caption column (\`pixel dataset generate\` writes metadata.csv). Did you mean --train_data_dir ${path.join(dir, 'preprocessed_images')}?`,
    );
  });

  it('refuses a --train_data_dir that does not exist or is a file', async () => {
    await expect(open({ directory: path.join(root, 'nope') })).rejects.toThrow(
      /--train_data_dir .*nope does not exist/,
    );
    const dir = await folder({ 'file.txt': 'x' });
    await expect(open({ directory: path.join(dir, 'file.txt') })).rejects.toThrow(/is not a folder/);
  });

  it('indexes a metadata file larger than a read chunk and re-reads any row by its offsets', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `a.png,"caption ${i}, with a comma and ""quotes"""`);
    const dir = await folder({ 'metadata.csv': `file_name,text\n${rows.join('\n')}\n`, 'a.png': true });
    const { dataset } = await open({ directory: dir });
    expect(dataset.length).toBe(1500);
    for (const i of [0, 777, 1499]) {
      expect(await dataset.record(i)).toMatchObject({
        index: i,
        line: i + 2,
        caption: `caption ${i}, with a comma and "quotes"`,
      });
    }
    await expect(dataset.record(1500)).rejects.toThrow(/outside the dataset/);
    await dataset.close();
  });

  it('keeps a seeded random subset with --max_train_samples', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `a.png,c${i}`);
    const dir = await folder({ 'metadata.csv': `file_name,text\n${rows.join('\n')}\n`, 'a.png': true });
    const captions = async (seed: number) =>
      (await allRecords((await open({ directory: dir, maxTrainSamples: 5, seed })).dataset)).map(
        (r) => r.caption,
      );
    const first = await captions(1);
    expect(first).toHaveLength(5);
    expect(new Set(first).size).toBe(5);
    expect(await captions(1)).toEqual(first);
    expect(await captions(2)).not.toEqual(first);
    expect((await open({ directory: dir, maxTrainSamples: 50 })).dataset.length).toBe(20);
  });
});
