import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { runCli } from '../cli.js';
import { captureStream } from '../test-support/capture-stream.js';
import { runPixel } from '../test-support/run-pixel.js';
import { datasetCommand, trainCommandFor } from './dataset.js';

// Splitting real 2048x2048 grids on a busy 2-core machine can outlast jest's default 5 s; not a timing assertion.
const SPLITS_REAL_IMAGES_MS = 60_000;

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
    input.write('2\n\nn\nrecords.json\n');
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
      'Number of samples (2048x2048 images, 4 samples each) [10000]: Midjourney version [6]: Preprocess the images into a training folder? (y/n) [y]: Dataset file to write [dataset.json]: ',
    );
    expect(stdout.text()).toMatch(/listing +\[#+\] +2\/2 +100%/);
    expect(JSON.parse(await readFile(path.join(cwd, 'records.json'), 'utf8'))).toHaveLength(2);
  });

  it('rejects bad answers given as flags, naming the flag', async () => {
    const run = await runPixel(['dataset', 'generate', '--yes', '--num-samples', '0'], { cwd });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      '--num-samples must be a positive whole number (got 0), e.g. --num-samples 100.',
    );
    const version = await runPixel(['dataset', 'generate', '--yes', '--mj-version', 'v6'], { cwd });
    expect(version.code).not.toBe(0);
    expect(version.stderr).toContain('--mj-version must be a number such as 6 or 5.2 (got \\"v6\\").');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('quotes only folders that need it in the training command', () => {
    expect(trainCommandFor('./preprocessed_images')).toContain('--train_data_dir ./preprocessed_images \\');
    expect(trainCommandFor("it's here")).toContain(`--train_data_dir 'it'\\''s here' \\`);
  });
});
