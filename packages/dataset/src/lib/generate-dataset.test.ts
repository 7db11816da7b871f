import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '@pixel/constraints';
import { ATOMIC_TEMP_SUFFIX, FileSystemError } from '@pixel/files';
import { startVisionSource, type RunningVisionSource } from '@pixel-tools/vision-source';
import { createVisionSource, generateDataset, STATE_DIR, type DatasetEvent } from '../index.js';
import { listOutput } from '../test-support/list-output.js';
import { readImageFolder } from '../test-support/read-image-folder.js';
import { referenceVectors } from '@pixel-tools/test-support';

const tileNames = (indices: number[]) =>
  indices.flatMap((i) => [1, 2, 3, 4].map((k) => `${String(i).padStart(9, '0')}_part_${k}.png`));

describe('generateDataset', () => {
  let dir: string;
  let store: RunningVisionSource | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dataset-'));
  });
  afterEach(async () => {
    await store?.stop();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('turns N records into 4N tiles with metadata an image-folder reader parses back, then resumes without fetching and redoes only a damaged record', async () => {
    // Prompts with commas, quotes and a newline, plus a 5.2 record that must be left out.
    const prompts = referenceVectors().prompts.filter((v) => /quoted|cinematic|pizza|black bear/.test(v.raw));
    store = await startVisionSource({ records: prompts.map((v) => ({ prompt: v.raw })) });
    const source = createVisionSource({ baseUrl: store.url });
    const events: DatasetEvent[] = [];
    const summary = await generateDataset({
      source,
      numSamples: 10,
      mjVersion: 6,
      outputDir: dir,
      onEvent: (e) => events.push(e),
    });

    const kept = prompts.filter((v) => v.matches_v6);
    expect(summary).toMatchObject({
      kept: 3,
      resumed: 0,
      samples: 12,
      skipped: {},
      skippedRecords: [],
      scanned: 4,
    });
    expect(summary.bytesDownloaded).toBeGreaterThan(3 * 1024 ** 2);
    const samples = await readImageFolder(dir);
    expect(samples.map((s) => s.file_name)).toEqual(tileNames([1, 2, 3]));
    expect(samples.map((s) => s.text)).toEqual(
      kept.flatMap((v) => [v.cleaned, v.cleaned, v.cleaned, v.cleaned]),
    );
    expect(samples.every((s) => s.width === 1024 && s.height === 1024)).toBe(true);
    const jsonl = (await readFile(path.join(dir, 'metadata.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(jsonl).toEqual(samples.map((s) => ({ file_name: s.file_name, text: s.text })));
    expect(await listOutput(dir)).toEqual([...tileNames([1, 2, 3]), 'metadata.csv', 'metadata.jsonl'].sort());
    for (const phase of ['listing', 'downloading', 'splitting']) {
      expect(events.filter((e) => e.type === 'progress' && e.phase === phase).at(-1)).toMatchObject({
        done: 3,
      });
    }

    // The re-run fetches nothing; asked for CSV only, it removes the JSON lines (Hugging Face refuses both).
    const before = store.stats();
    const again = await generateDataset({
      source,
      numSamples: 10,
      mjVersion: 6,
      outputDir: dir,
      metadata: ['csv'],
    });
    expect(again).toMatchObject({ kept: 3, resumed: 3, samples: 12, bytesDownloaded: 0, scanned: 4 });
    expect(again.metadataFiles).toEqual([path.join(dir, 'metadata.csv')]);
    expect(store.stats()).toEqual(before);
    expect(await listOutput(dir)).toEqual([...tileNames([1, 2, 3]), 'metadata.csv'].sort());
    expect(await readImageFolder(dir)).toEqual(samples);

    // A damaged tile (e.g. edited or cut by a full disk) and temp files a killed run left beside the tiles and
    // the resume state: only that record is redone, and the leftovers are gone.
    await truncate(path.join(dir, '000000002_part_3.png'), 1000);
    await writeFile(path.join(dir, `.000000003_part_1.png.0badc0de${ATOMIC_TEMP_SUFFIX}`), 'half a tile');
    await writeFile(path.join(dir, STATE_DIR, `.manifest.json.0badc0de${ATOMIC_TEMP_SUFFIX}`), '{"for');
    const repaired = await generateDataset({
      source,
      numSamples: 10,
      mjVersion: 6,
      outputDir: dir,
      metadata: ['csv'],
    });
    expect(repaired).toMatchObject({ kept: 3, resumed: 2, samples: 12 });
    const secondImage = new URL(store.records.filter((r) => r.prompt.includes('--v 6'))[1]!.image_url)
      .pathname;
    expect(store.stats().imageRequests).toEqual({
      ...before.imageRequests,
      [secondImage]: before.imageRequests[secondImage]! + 1,
    });
    for (const folder of [dir, path.join(dir, STATE_DIR)])
      expect((await readdir(folder)).filter((name) => name.endsWith(ATOMIC_TEMP_SUFFIX))).toEqual([]);
    expect(await readImageFolder(dir)).toEqual(samples);
  });

  it('reports every injected fault by record, keeps an image that is not a grid whole, and leaves nothing corrupt behind', async () => {
    store = await startVisionSource({
      records: Array.from({ length: 9 }, (_, i) => ({ prompt: `scene ${i} --ar 1:1 --v 6` })),
      faults: {
        images: {
          1: 'duplicate-image',
          2: 'not-found',
          3: 'truncated',
          4: 'html',
          5: 'oversized',
          6: 'slow',
          7: 'not-a-grid',
        },
        duplicateRecords: [0],
        slowMs: 30_000,
      },
      pregenerate: true,
    });
    const summary = await generateDataset({
      source: createVisionSource({ baseUrl: store.url }),
      numSamples: 20,
      mjVersion: 6,
      outputDir: dir,
      // One at a time, so which of two identical images counts as the duplicate is deterministic.
      concurrency: 1,
      // Images are pregenerated, so 2 s is ample for serving one even on a busy machine, and far below the
      // slow fault's 30 s. No retries here: downloadImage's own tests cover them.
      download: { timeoutMs: 2000, retries: 0, maxBytes: 16 * 1024 ** 2 },
    });
    // Listing drops the repeated record, so store positions 0..8 become our indices 1..9.
    expect(summary.skipped).toEqual({
      'duplicate-record': 1,
      'duplicate-image': 1,
      'http-error': 1,
      'network-error': 1,
      'not-an-image': 1,
      'too-large': 1,
      timeout: 1,
    });
    expect(summary.skippedRecords.map((s) => [s.index, s.reason])).toEqual([
      [2, 'duplicate-image'],
      [3, 'http-error'],
      [4, 'network-error'],
      [5, 'not-an-image'],
      [6, 'too-large'],
      [7, 'timeout'],
    ]);
    expect(summary.skippedRecords.map((s) => s.detail)).toEqual([
      'same image as record 1',
      'HTTP 404 Not Found',
      expect.stringMatching(/terminated|body ended/),
      expect.stringContaining('<!DOCTYPE html>'),
      'more than the 16777216-byte cap',
      'no complete answer within 2000 ms',
    ]);
    expect(summary).toMatchObject({ kept: 3, samples: 9 });
    expect(await listOutput(dir)).toEqual(
      [...tileNames([1, 9]), '000000008.png', 'metadata.csv', 'metadata.jsonl'].sort(),
    );
    const samples = await readImageFolder(dir);
    expect(samples.map((s) => [s.text, s.width])).toEqual([
      ...Array(4).fill(['scene 0', 1024]),
      ['scene 7', 1536],
      ...Array(4).fill(['scene 8', 1024]),
    ]);
  });

  it('stops cleanly when aborted, reporting the reason, and resumes from there', async () => {
    store = await startVisionSource({
      records: ['a', 'b', 'c'].map((p) => ({ prompt: `${p} --v 6` })),
      faults: { imageDelayMs: 200 },
    });
    const source = createVisionSource({ baseUrl: store.url });
    const controller = new AbortController();
    const run = generateDataset({
      source,
      numSamples: 3,
      mjVersion: 6,
      outputDir: dir,
      concurrency: 1,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'progress' && e.phase === 'splitting' && e.done === 1)
          controller.abort(new Error('stop here'));
      },
    });
    await expect(run).rejects.toThrow('stop here');
    // Settled: the first record's tiles, no temp file, no metadata yet (the run did not finish).
    expect((await readdir(dir)).filter((name) => name !== STATE_DIR).sort()).toEqual(tileNames([1]));
    const resumed = await generateDataset({ source, numSamples: 3, mjVersion: 6, outputDir: dir });
    expect(resumed).toMatchObject({ kept: 3, resumed: 1, samples: 12 });
  });

  it('keeps only the top-left tile when asked, and refuses to resume with other options', async () => {
    store = await startVisionSource({ records: [{ prompt: 'a --v 6' }, { prompt: 'b --v 6' }] });
    const source = createVisionSource({ baseUrl: store.url });
    const summary = await generateDataset({
      source,
      numSamples: 2,
      mjVersion: 6,
      outputDir: dir,
      tiles: 'top-left',
      metadata: ['csv'],
    });
    expect(summary).toMatchObject({ kept: 2, samples: 2 });
    expect(await listOutput(dir)).toEqual(['000000001_part_1.png', '000000002_part_1.png', 'metadata.csv']);
    const otherOptions = await generateDataset({ source, numSamples: 2, mjVersion: 6, outputDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(otherOptions).toBeInstanceOf(UsageError);
    expect((otherOptions as Error).message).toBe(
      `${dir} already holds a dataset made with 2 samples, Midjourney version 6 and top-left tiles. Re-run with those options to resume it, or choose another output folder.`,
    );
    const otherStore = await startVisionSource({ records: [{ prompt: 'a --v 6' }] });
    try {
      const otherSource = await generateDataset({
        source: createVisionSource({ baseUrl: otherStore.url }),
        numSamples: 2,
        mjVersion: 6,
        outputDir: dir,
        tiles: 'top-left',
      }).catch((e: unknown) => e);
      expect(otherSource).toBeInstanceOf(UsageError);
      expect((otherSource as Error).message).toBe(
        `${dir} already holds a dataset made from ${store.url}, not ${otherStore.url}. Re-run with that source ` +
          'to resume it, or choose another output folder.',
      );
    } finally {
      await otherStore.stop();
    }
    const noSamples = await generateDataset({ source, numSamples: 0, mjVersion: 6, outputDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(noSamples).toBeInstanceOf(UsageError);
    expect((noSamples as Error).message).toBe(
      'Number of samples must be a positive whole number (got 0); pass e.g. --num-samples 100.',
    );
  });

  it('names a damaged manifest and the way out instead of failing on its JSON', async () => {
    store = await startVisionSource({ records: [{ prompt: 'a --v 6' }] });
    await mkdir(path.join(dir, STATE_DIR));
    const manifest = path.join(dir, STATE_DIR, 'manifest.json');
    await writeFile(manifest, '{"format": 1, "records": [');
    await expect(
      generateDataset({
        source: createVisionSource({ baseUrl: store.url }),
        numSamples: 1,
        mjVersion: 6,
        outputDir: dir,
      }),
    ).rejects.toThrow(
      `${manifest} is not a dataset manifest this version can resume. Delete the folder ` +
        `${path.join(dir, STATE_DIR)} to build this dataset from the start, or choose another output folder (--output).`,
    );
  });

  it('names the folder and the fix when the output path runs through a file', async () => {
    store = await startVisionSource({ records: [{ prompt: 'a --v 6' }] });
    await writeFile(path.join(dir, 'notes.txt'), 'a file where a folder should be');
    const outputDir = path.join(dir, 'notes.txt', 'data');
    const error = await generateDataset({
      source: createVisionSource({ baseUrl: store.url }),
      numSamples: 1,
      mjVersion: 6,
      outputDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toBe(
      `Cannot create the folder ${outputDir}: a part of the path is a file, not a folder. Check the path, or ` +
        'move the file that stands where a folder should be, or choose another output folder (--output), and ' +
        'run again.',
    );
    expect(store.stats().pageRequests).toBe(0);
  });

  it('stops at a tile it cannot write, naming it and the fix, and leaves no temporary file', async () => {
    store = await startVisionSource({ records: [{ prompt: 'a --v 6' }, { prompt: 'b --v 6' }] });
    // A folder where the second record's first tile goes: the rename over it fails (EISDIR).
    const blocked = path.join(dir, '000000002_part_1.png');
    await mkdir(blocked);
    const error = await generateDataset({
      source: createVisionSource({ baseUrl: store.url }),
      numSamples: 2,
      mjVersion: 6,
      outputDir: dir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toBe(
      `Cannot write ${blocked}: it is a folder, not a file. Give the path of a file, or choose another output ` +
        'folder (--output), and run again.',
    );
    for (const folder of [dir, path.join(dir, STATE_DIR)])
      expect((await readdir(folder)).filter((name) => name.endsWith(ATOMIC_TEMP_SUFFIX))).toEqual([]);
  });
});
