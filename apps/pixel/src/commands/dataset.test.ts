import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { startLocalHub, type LocalHub } from '@pixel-tools/local-hub';
import { tinyDiskCommand, unprivilegedUser } from '@pixel-tools/test-support';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
// @pixel/dataset's own fixtures (parquet shards written with hyparquet-writer, and an image-folder reader that
// decodes every image), which only that package's dependencies can build.
import {
  gradientGrid,
  parquetShard,
  photoJpeg,
  readImageFolder,
  type DatasetRow,
} from '@pixel/dataset/test-support';
import { runCli } from '../cli.js';
import { captureStream } from '../test-support/capture-stream.js';
import { logMessages } from '../test-support/log-messages.js';
import { runPixel } from '../test-support/run-pixel.js';
import { spawnPixel } from '../test-support/spawn-pixel.js';
import { datasetCommand, trainCommandFor } from './dataset.js';

// Splitting real 2048x2048 grids on a busy 2-core machine can outlast jest's default 5 s; not a timing assertion.
const SPLITS_REAL_IMAGES_MS = 60_000;
// A child process that loads pixel from its TypeScript sources takes seconds to start on a busy machine.
const STARTS_A_PROCESS_MS = 30_000;

describe('pixel dataset generate', () => {
  let store: RunningVisionSource;
  let cwd: string;
  beforeAll(async () => {
    store = await startVisionSource({
      records: [
        { prompt: 'a harbour, "at dawn" --ar 16:9 --v 6' },
        { prompt: 'old version --v 5.2' },
        { prompt: 'a forest --v 6.0 --style raw' },
        { prompt: 'gone --v 6' },
      ],
      faults: { images: { 3: 'not-found' } },
    });
  });
  afterAll(() => store.stop());
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pixel-dataset-'));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  it(
    'runs unattended from flags, reports the skip, and ends with the exact training command',
    async () => {
      const run = await runPixel(
        ['dataset', 'generate', '--yes', '--num-samples', '3', '--output', 'my data', '--metadata', 'csv'],
        {
          cwd,
          env: { PIXEL_VISION_SOURCE_URL: store.url },
        },
      );
      expect(run.stderr).toContain('record 3 skipped (http-error): HTTP 404 Not Found');
      expect(run.code).toBe(0);
      const files = await readdir(path.join(cwd, 'my data'));
      expect(files.filter((f) => f.endsWith('.png')).sort()).toEqual(
        ['1', '2'].flatMap((i) => [1, 2, 3, 4].map((k) => `00000000${i}_part_${k}.png`)),
      );
      expect(files).toContain('metadata.csv');
      expect(files).not.toContain('metadata.jsonl');
      expect(await readFile(path.join(cwd, 'my data', 'metadata.csv'), 'utf8')).toContain(
        '000000001_part_4.png,"a harbour, ""at dawn"""\n',
      );
      expect(run.stdout).toContain(
        `Kept 2 images -> 8 samples in my data\nSkipped 1 (http-error 1)\n  #3 http-error: HTTP 404 Not Found (${store.url}/images/3.png)\n`,
      );
      expect(
        run.stdout.endsWith(
          [
            'Train on it with:',
            '  pixel model train sdxl \\',
            '    --pretrained_model_name_or_path stabilityai/stable-diffusion-xl-base-1.0 \\',
            "    --train_data_dir 'my data' \\",
            '    --image_column image \\',
            '    --caption_column text \\',
            '    --learning_rate 2e-6 \\',
            '    --noise_offset 0.1 \\',
            '    --snr_gamma 5 \\',
            '    --train_batch_size 1 \\',
            '    --num_epochs 10',
            '',
          ].join('\n'),
        ),
      ).toBe(true);
    },
    SPLITS_REAL_IMAGES_MS,
  );

  it('writes the records as JSON with --no-preprocess, downloading nothing', async () => {
    const before = store.stats().imageRequests;
    const run = await runPixel(
      ['dataset', 'generate', '--no-preprocess', '--num-samples', '2', '--source-url', store.url],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote 2 records to dataset.json (3 read from ${store.url}).\n`);
    const records = JSON.parse(await readFile(path.join(cwd, 'dataset.json'), 'utf8')) as {
      prompt: string;
    }[];
    expect(records.map((r) => r.prompt)).toEqual(['a harbour, "at dawn"', 'a forest']);
    expect(store.stats().imageRequests).toEqual(before);
  });

  it('asks the reference questions on a terminal, taking defaults on empty answers', async () => {
    const input = new PassThrough();
    const stdout = captureStream({ isTTY: true, columns: 100 });
    input.write('\n2\n\nn\nrecords.json\n');
    const code = await runCli(['dataset', 'generate'], {
      cwd,
      env: { PIXEL_VISION_SOURCE_URL: store.url },
      stdout: stdout.stream,
      stderr: captureStream().stream,
      interactive: true,
      commands: (ctx) => [datasetCommand(ctx, input)],
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain(
      'Source (sn19, hf:<owner>/<dataset>[@revision], folder:<dir> or csv:<file>) [sn19]: Number of samples ' +
        '(images to collect; a 2048x2048 grid gives 4) [10000]: Midjourney version [6]: Preprocess the images into ' +
        'a training folder? (y/n) [y]: Dataset file to write [dataset.json]: ',
    );
    expect(stdout.text()).toMatch(/listing +\[#+\] +2\/2 +100%/);
    expect(JSON.parse(await readFile(path.join(cwd, 'records.json'), 'utf8'))).toHaveLength(2);
  });

  it('lists every wrong flag value at once, quoting what was typed, and exits 2 before doing anything', async () => {
    const before = store.stats().pageRequests;
    const run = await runPixel(
      [
        'dataset',
        'generate',
        '--yes',
        '--num-samples',
        'abc',
        '--mj-version',
        'v6',
        '--concurrency',
        '0',
        '--timeout',
        'soon',
        '--retries',
        '-1',
        '--max-image-mb',
        '1e9',
        '--metadata',
        'csv',
        'xml',
        '--source-url',
        'not a url',
        '--source',
        'hf:someone',
      ],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(logMessages(run.stderr)).toBe(
      [
        '--num-samples must be a positive integer, got "abc"',
        '--mj-version must be a number such as 6 or 5.2, got "v6"',
        '--concurrency must be an integer from 1 to 64, got "0"',
        '--timeout must be a number of seconds above 0, at most 86400, got "soon"',
        '--retries must be an integer from 0 to 10, got "-1"',
        '--max-image-mb must be a number of MiB above 0, at most 1024, got "1e9"',
        '--metadata must be csv, jsonl or both, got "xml"',
        '--source hf:someone: expected exactly one "/"; use hf:<owner>/<dataset>[@revision].',
        'The vision source URL (--source-url or PIXEL_VISION_SOURCE_URL) must be an http(s) URL such as https://app.appsmith.com, got "not a url"',
        'Run `pixel dataset generate --help` for what each flag takes.',
      ].join('\n'),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(store.stats().pageRequests).toBe(before);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('asks again on a wrong answer at the terminal, saying what was typed', async () => {
    const input = new PassThrough();
    const stdout = captureStream({ isTTY: true, columns: 100 });
    input.write('zip:x.zip\n\nabc\n2\n\nn\n\n');
    const code = await runCli(['dataset', 'generate'], {
      cwd,
      env: { PIXEL_VISION_SOURCE_URL: store.url },
      stdout: stdout.stream,
      stderr: captureStream().stream,
      interactive: true,
      commands: (ctx) => [datasetCommand(ctx, input)],
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain(
      'The source must be sn19, hf:<owner>/<dataset>[@revision], folder:<dir> or csv:<file>, got "zip:x.zip"\n',
    );
    expect(stdout.text()).toContain('The number of samples must be a positive integer, got "abc"\n');
  });

  it('shows each retry of a source that never answers as it happens, and ends after --timeout x attempts with exit 3', async () => {
    const hanging = await startVisionSource({ count: 2, faults: { listing: 'hang' } });
    // Each line of the log, with how many page requests the store had seen when it was written.
    const lines: { message: string; requestsSoFar: number }[] = [];
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('{')))
          lines.push({
            message: (JSON.parse(line) as { msg: string }).msg,
            requestsSoFar: hanging.stats().pageRequests,
          });
        done();
      },
    });
    try {
      const code = await runCli(
        ['dataset', 'generate', '--yes', '--num-samples', '2', '--timeout', '0.5', '--retries', '2'],
        {
          cwd,
          env: { PIXEL_VISION_SOURCE_URL: hanging.url },
          stdout: captureStream().stream,
          stderr,
          interactive: false,
        },
      );
      expect(lines).toEqual([
        {
          message: `listing 2 records from ${hanging.url} (each request up to 0.5 s, 3 attempts)`,
          requestsSoFar: 0,
        },
        // Written after the first request failed and before the second one reached the store.
        {
          message: `listing: attempt 1 of 3 failed: ${hanging.url} did not answer within 0.5 s; retrying in 1 s`,
          requestsSoFar: 1,
        },
        {
          message: `listing: attempt 2 of 3 failed: ${hanging.url} did not answer within 0.5 s; retrying in 2 s`,
          requestsSoFar: 2,
        },
        {
          message:
            `${hanging.url} did not answer within 0.5 s; gave up after 3 attempts. Subnet 19's image store appears ` +
            'to be offline (subnet 19 now serves inference, and the Appsmith store the seed read no longer ' +
            'answers): build the dataset from another source, --source hf:<owner>/<dataset> (a Hugging Face ' +
            'dataset of images and prompts in parquet files), folder:<dir> (images with .txt captions or a ' +
            'metadata.csv) or csv:<file> (image URLs and prompts). If ' +
            `${hanging.url} is a store you run, check that it is reachable (--source-url or ` +
            'PIXEL_VISION_SOURCE_URL), or allow more time with --timeout, and run again.',
          requestsSoFar: 3,
        },
      ]);
      expect(code).toBe(3);
    } finally {
      await hanging.stop();
    }
  }, 30_000); // --timeout 0.5 x 3 attempts plus 1 s + 2 s back-off; without --timeout on the listing, 8 minutes.

  it('prints each retry above the progress bars on a terminal', async () => {
    const hanging = await startVisionSource({ count: 2, faults: { listing: 'hang' } });
    const stdout = captureStream({ isTTY: true, columns: 100 });
    try {
      const code = await runCli(
        ['dataset', 'generate', '--yes', '--num-samples', '2', '--timeout', '0.2', '--retries', '1'],
        {
          cwd,
          env: { PIXEL_VISION_SOURCE_URL: hanging.url },
          stdout: stdout.stream,
          stderr: captureStream().stream,
          interactive: true,
        },
      );
      expect(code).toBe(3);
      // The bars are drawn; the retry line takes their place (cursor up 3 lines) and they are drawn again below.
      const bars = [
        '\x1b[2Klisting       [------------------------]  0/2    0%  m:ss\n',
        '\x1b[2Kdownloading   0  m:ss\n',
        '\x1b[2Ksplitting     0  m:ss\n',
      ].join('');
      expect(stdout.text().replace(/ {2}\d+:\d\d\n/g, '  m:ss\n')).toBe(
        `${bars}\x1b[3F\x1b[2Klisting: attempt 1 of 2 failed: ${hanging.url} did not answer within 0.2 s; ` +
          `retrying in 1 s\n${bars}`,
      );
    } finally {
      await hanging.stop();
    }
  });

  it('names the folder and the fix when the output path runs through a file', async () => {
    await writeFile(path.join(cwd, 'notes.txt'), 'a file where a folder should be');
    const run = await runPixel(
      ['dataset', 'generate', '--yes', '--num-samples', '1', '--output', 'notes.txt/data'],
      { cwd, env: { PIXEL_VISION_SOURCE_URL: store.url } },
    );
    expect(logMessages(run.stderr)).toBe(
      `Cannot create the folder ${path.join(cwd, 'notes.txt', 'data')}: a part of the path is a file, not a ` +
        'folder. Check the path, or move the file that stands where a folder should be, or choose another ' +
        'output folder (--output), and run again.',
    );
    expect(run.code).toBe(1);
  });

  it(
    'names the folder and the fix when this user may not write there',
    async () => {
      const locked = path.join(cwd, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o555);
      await chmod(cwd, 0o755);
      const run = await spawnPixel(
        ['dataset', 'generate', '--yes', '--num-samples', '1', '-o', 'locked/data'],
        {
          cwd,
          env: { PIXEL_VISION_SOURCE_URL: store.url },
          // Root may write anywhere: a root test process runs pixel as nobody.
          ...unprivilegedUser(),
        },
      ).exited;
      expect(logMessages(run.stderr)).toBe(
        `Cannot create the folder ${path.join(locked, 'data')}: permission denied. Give this user access to it ` +
          '(chmod/chown), or choose another output folder (--output), and run again.',
      );
      expect(run.code).toBe(1);
    },
    STARTS_A_PROCESS_MS,
  );

  it(
    'stops on a full disk, naming the file it could not write and the fix, without a stack trace',
    async () => {
      const small = path.join(cwd, 'small-disk');
      await mkdir(small);
      // 1 MiB holds the listing but not one 1024x1024 tile (about 1.7 MB of PNG).
      const wrapper = tinyDiskCommand(small, '1m');
      const run = await spawnPixel(
        ['dataset', 'generate', '--yes', '--num-samples', '2', '--output', 'small-disk'],
        { cwd, env: { PIXEL_VISION_SOURCE_URL: store.url }, wrapper },
      ).exited;
      const last = logMessages(run.stderr).split('\n').at(-1)!;
      expect(last.startsWith(`Cannot write ${small}/00000000`)).toBe(true);
      expect(last).toMatch(
        /_part_[1-4]\.png: no space left on the device\. Free disk space there, or choose another output folder \(--output\), and run again\.$/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(1);
    },
    SPLITS_REAL_IMAGES_MS,
  );

  it('quotes only folders that need it in the training command', () => {
    expect(trainCommandFor('./preprocessed_images')).toContain('--train_data_dir ./preprocessed_images \\');
    expect(trainCommandFor("it's here")).toContain(`--train_data_dir 'it'\\''s here' \\`);
  });
});

describe('pixel dataset generate from the sources that exist', () => {
  const OWNER = { name: 'someone', token: 'hf_someone_write_token' };
  let hub: LocalHub;
  let store: RunningVisionSource;
  let cwd: string;
  beforeAll(async () => {
    hub = await startLocalHub({ users: [OWNER] });
    store = await startVisionSource({
      records: [
        { prompt: 'a harbour, "at dawn" --ar 16:9 --v 6' },
        { prompt: 'old version --v 5.2' },
        { prompt: 'a forest --v 6.0 --style raw' },
        { prompt: 'gone --v 6' },
      ],
      faults: { images: { 3: 'not-found' } },
    });
  });
  afterAll(async () => {
    await hub.stop();
    await store.stop();
  });
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pixel-dataset-sources-'));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  /** Publishes a dataset repo on the local Hub as huggingface.co serves one (its files committed over HTTP). */
  async function publishDataset(repo: string, files: Record<string, Uint8Array>, isPrivate = false) {
    const auth = { Authorization: `Bearer ${OWNER.token}` };
    const created = await fetch(`${hub.url}/api/repos/create`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: repo.split('/')[1], type: 'dataset', private: isPrivate }),
    });
    expect(created.status).toBe(200);
    const lines = [
      { key: 'header', value: { summary: 'Upload dataset' } },
      ...Object.entries(files).map(([file, content]) => ({
        key: 'file',
        value: { path: file, content: Buffer.from(content).toString('base64'), encoding: 'base64' },
      })),
    ];
    const committed = await fetch(`${hub.url}/api/datasets/${repo}/commit/main`, {
      method: 'POST',
      headers: auth,
      body: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(committed.status).toBe(200);
  }

  const hubEnv = () => ({ HF_ENDPOINT: hub.url, HF_HUB_CACHE: path.join(cwd, 'hf-cache') });
  /** Transfers of a repo's files (not the one-byte probes), as the local Hub received them. */
  const fileTransfers = (repo: string) =>
    hub.requests.filter((r) => r.url.startsWith(`/datasets/${repo}/resolve/`) && r.range !== 'bytes=0-0');

  it('builds a training folder from a parquet dataset of Image features, and resumes after SIGKILL from the cache', async () => {
    const smallJpeg = await photoJpeg();
    const rows: DatasetRow[] = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => ({
        caption: `grid ${i} --v 6`,
        image: await gradientGrid(i),
      })),
    );
    await publishDataset('someone/grids', {
      'data/train-00000-of-00002.parquet': parquetShard(
        [...rows.slice(0, 4), { caption: 'older --v 5.2', image: smallJpeg }],
        {
          encoding: 'image',
        },
      ),
      'data/train-00001-of-00002.parquet': parquetShard(
        [...rows.slice(4), { caption: 'a photo, kept whole', image: smallJpeg }],
        { encoding: 'image' },
      ),
      'README.md': new TextEncoder().encode('# grids'),
    });
    const argv = ['dataset', 'generate', '--yes', '--source', 'hf:someone/grids', '--num-samples', '20'];
    // One record at a time, so the kill lands with most of them still to do.
    argv.push('--output', 'out', '--metadata', 'csv', '--concurrency', '1');
    const child = spawnPixel(argv, { cwd, env: hubEnv() });
    const journalFile = path.join(cwd, 'out', '.pixel-dataset', 'done.jsonl');
    const finishedRecords = async () =>
      (await readFile(journalFile, 'utf8').catch(() => '')).split('\n').filter((line) => line.endsWith('}'))
        .length;
    // Killed once a record is in the journal (the progress line may come a moment before it is written).
    await child.logged(/^splitting: [1-9]/);
    while ((await finishedRecords()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const finished = await finishedRecords();
    expect(finished).toBeLessThan(9);
    expect(fileTransfers('someone/grids').length).toBeGreaterThanOrEqual(1);

    const run = await runPixel(argv, { cwd, env: hubEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Kept 9 images -> 33 samples in out (${finished} from an earlier run)\n`);
    // Each shard crossed the network once: what the killed run had downloaded came from the cache.
    expect(fileTransfers('someone/grids').length).toBe(2);
    const samples = await readImageFolder(path.join(cwd, 'out'));
    expect(samples.map((sample) => [sample.file_name, sample.text, sample.width])).toEqual([
      ...[0, 1, 2, 3].flatMap((i) => tiles(i + 1).map((name) => [name, `grid ${i}`, 1024])),
      ...[4, 5, 6, 7].flatMap((i) => tiles(i + 1).map((name) => [name, `grid ${i}`, 1024])),
      ['000000009.jpg', 'a photo, kept whole', 600],
    ]);
    expect((await readdir(path.join(cwd, 'out'))).filter((name) => name.endsWith('.pixel-tmp'))).toEqual([]);
  }, 120_000);

  it(
    'reads a private parquet dataset of image URLs with the token, and says what to do without it',
    async () => {
      await publishDataset(
        'someone/links',
        {
          'links.parquet': parquetShard(
            store.records.map((record) => ({ caption: record.prompt, image: record.image_url })),
            { encoding: 'url', imageColumn: 'image_url', captionColumn: 'prompt' },
          ),
        },
        true,
      );
      const argv = [
        'dataset',
        'generate',
        '--yes',
        '--source',
        'hf:someone/links',
        '--num-samples',
        '3',
        '-o',
        'links',
      ];
      const anonymous = await runPixel(argv, { cwd, env: hubEnv() });
      expect(anonymous.code).toBe(1);
      expect(logMessages(anonymous.stderr).split('\n').at(-1)).toBe(
        'Repository someone/links not found, or it is private. Check the repo id, or set HF_ACCESS_TOKEN to a ' +
          'token that can read it.',
      );
      const run = await runPixel(argv, { cwd, env: { ...hubEnv(), HF_ACCESS_TOKEN: OWNER.token } });
      expect(run.code).toBe(0);
      expect(logMessages(run.stderr)).toContain('reading links.parquet (');
      expect(run.stdout).toContain(
        `Kept 2 images -> 8 samples in links\nSkipped 1 (http-error 1)\n  #3 http-error: HTTP 404 Not Found (${store.url}/images/3.png)\n`,
      );
      const samples = await readImageFolder(path.join(cwd, 'links'));
      expect(samples.map((sample) => sample.text)).toEqual([
        ...Array<string>(4).fill('a harbour, "at dawn"'),
        ...Array<string>(4).fill('a forest'),
      ]);
    },
    SPLITS_REAL_IMAGES_MS,
  );

  it(
    'builds from a folder of images with .txt captions, and from a CSV file of image URLs and files',
    async () => {
      const photos = path.join(cwd, 'photos');
      await mkdir(photos);
      await writeFile(path.join(photos, 'a-grid.png'), await gradientGrid(3));
      await writeFile(path.join(photos, 'a-grid.txt'), 'a grid of four --v 6\n');
      await writeFile(path.join(photos, 'b-photo.jpg'), await photoJpeg());
      await writeFile(path.join(photos, 'b-photo.txt'), 'a photo');
      const folder = await runPixel(
        [
          'dataset',
          'generate',
          '--yes',
          '--source',
          'folder:photos',
          '--num-samples',
          '5',
          '-o',
          'from-folder',
        ],
        { cwd },
      );
      expect(folder.code).toBe(0);
      expect(folder.stdout).toContain('Kept 2 images -> 5 samples in from-folder\nSkipped 0\n');
      expect(
        (await readImageFolder(path.join(cwd, 'from-folder'))).map((s) => [s.file_name, s.text]),
      ).toEqual([...tiles(1).map((name) => [name, 'a grid of four']), ['000000002.jpg', 'a photo']]);

      await writeFile(
        path.join(cwd, 'prompts.csv'),
        `prompt,image\n"a harbour, at dawn --v 6",${store.records[0]!.image_url}\na photo,photos/b-photo.jpg\n`,
      );
      const csv = await runPixel(
        [
          'dataset',
          'generate',
          '--yes',
          '--source',
          'csv:prompts.csv',
          '--num-samples',
          '5',
          '-o',
          'from-csv',
        ],
        { cwd },
      );
      expect(csv.code).toBe(0);
      expect((await readImageFolder(path.join(cwd, 'from-csv'))).map((s) => [s.file_name, s.text])).toEqual([
        ...tiles(1).map((name) => [name, 'a harbour, at dawn']),
        ['000000002.jpg', 'a photo'],
      ]);
    },
    SPLITS_REAL_IMAGES_MS,
  );

  it('names the columns of a dataset whose image column it cannot tell, with the flag that picks one', async () => {
    await publishDataset('someone/captions-only', {
      'train.parquet': parquetShard([{ caption: 'a cat', image: 'cat.png' }], {
        encoding: 'url',
        imageColumn: 'picture',
        captionColumn: 'caption',
      }),
    });
    const run = await runPixel(
      ['dataset', 'generate', '--yes', '--source', 'hf:someone/captions-only', '--num-samples', '1'],
      { cwd, env: hubEnv() },
    );
    expect(run.code).toBe(2);
    expect(logMessages(run.stderr).split('\n').at(-1)).toBe(
      'Cannot tell which column of train.parquet of hf:someone/captions-only holds the images (an Image feature ' +
        '({bytes, path}) or http(s) URLs (string)); its columns are: id (INT32), picture (string), caption ' +
        '(string). Name it with --image-column.',
    );
  });

  it('says that an address that is not a store is not one, and names the sources that exist', async () => {
    const run = await runPixel(
      ['dataset', 'generate', '--yes', '--num-samples', '1', '--source-url', `${store.url}/gone`],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(logMessages(run.stderr).split('\n').at(-1)).toBe(
      `${store.url}/gone answered HTTP 404 for records 0..10000: it is not subnet 19's image store, or the store ` +
        'is gone. Check --source-url, or build the dataset from another source, --source hf:<owner>/<dataset> (a ' +
        'Hugging Face dataset of images and prompts in parquet files), folder:<dir> (images with .txt captions ' +
        'or a metadata.csv) or csv:<file> (image URLs and prompts).',
    );
  });
});

/** The four tile names of record `index`. */
function tiles(index: number): string[] {
  return [1, 2, 3, 4].map((k) => `${String(index).padStart(9, '0')}_part_${k}.png`);
}
