import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { PixelError, UsageError } from '@pixel/constraints';
import { createFolder, removeAtomicTempFiles, toFileSystemError, writeFileAtomic } from '@pixel/files';
import type {
  DatasetEvent,
  DatasetRecord,
  DatasetSummary,
  GenerateDatasetOptions,
  MetadataFormat,
  MetadataRow,
  SkipReason,
  SkippedRecord,
  TileSelection,
} from '../types/public.js';
import { createLimiter } from './create-limiter.js';
import { formatMetadataCsv } from './format-metadata-csv.js';
import { formatMetadataJsonl } from './format-metadata-jsonl.js';
import { listRecords } from './list-records.js';
import { OUTPUT_FOLDER_HINT } from './output-folder-hint.js';
import { retryEvent } from './retry-event.js';
import { SkipError } from './skip-error.js';
import { writeImageSamples } from './write-image-samples.js';

/** Resume state, beside the samples; hidden so image-folder loaders skip it. */
export const STATE_DIR = '.pixel-dataset';
const MANIFEST = 'manifest.json';
const JOURNAL = 'done.jsonl';

interface Manifest {
  format: 1;
  source: string;
  numSamples: number;
  mjVersion: string;
  tiles: TileSelection;
  scanned: number;
  duplicates: number;
  records: DatasetRecord[];
}

interface DoneEntry {
  index: number;
  sha256: string;
  files: { name: string; bytes: number }[];
}

/**
 * Builds an image-folder dataset: lists matching records of the source (or reuses the folder's manifest),
 * fetches each image with bounded concurrency, splits each 2048x2048 grid into its 1024x1024 tiles (other
 * images are kept whole), and writes `metadata.csv` / `metadata.jsonl`. Finished records are journalled, so a re-run (even after the
 * process was killed) fetches only what is missing. Wrong options are `UsageError`s, a source that does
 * not answer an `UnavailableError`, and a file-system failure a `FileSystemError` naming the path and the fix.
 */
export async function generateDataset(options: GenerateDatasetOptions): Promise<DatasetSummary> {
  const started = performance.now();
  const { outputDir } = options;
  const tiles = options.tiles ?? 'all';
  if (!Number.isInteger(options.numSamples) || options.numSamples <= 0) {
    throw new UsageError(
      `Number of samples must be a positive whole number (got ${options.numSamples}); pass e.g. --num-samples 100.`,
    );
  }
  const stateDir = path.join(outputDir, STATE_DIR);
  await prepareFolders([outputDir, stateDir]);

  const manifest = await loadOrListManifest(options, tiles, stateDir);
  const journalFile = path.join(stateDir, JOURNAL);
  const done = await readJournal(journalFile, outputDir);
  const resumed = done.size;
  if (resumed > 0) options.onEvent?.({ type: 'resumed', records: resumed });

  const run = startRecordRun(options, tiles, manifest.records.length, journalFile, done);
  await Promise.allSettled(
    manifest.records.filter((r) => !done.has(r.index)).map((record) => processRecord(run, record)),
  );
  if (run.stop.signal.aborted) throw run.stop.signal.reason;

  const rows = metadataRows(manifest.records, done);
  const metadataFiles = await writeMetadataFiles(outputDir, rows, options.metadata ?? ['csv', 'jsonl']);
  const skipped: Partial<Record<SkipReason, number>> = {};
  if (manifest.duplicates > 0) skipped['duplicate-record'] = manifest.duplicates;
  for (const s of run.skippedRecords) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  return {
    outputDir,
    kept: done.size,
    resumed,
    samples: rows.length,
    skipped,
    skippedRecords: run.skippedRecords.sort((a, b) => a.index - b.index),
    scanned: manifest.scanned,
    bytesDownloaded: run.bytesDownloaded,
    elapsedMs: performance.now() - started,
    metadataFiles,
  };
}

/** Creates the output and state folders, and removes what a killed run was writing when it died. */
async function prepareFolders(folders: string[]): Promise<void> {
  for (const folder of folders) {
    await createFolder(folder, { elsewhere: OUTPUT_FOLDER_HINT });
    await removeAtomicTempFiles(folder).catch((error: unknown) => {
      throw toFileSystemError(error, folder, { action: 'clean up', elsewhere: OUTPUT_FOLDER_HINT });
    });
  }
}

/** The state the records of one run share while they are downloaded and split side by side. */
interface RecordRun {
  readonly options: GenerateDatasetOptions;
  readonly tiles: TileSelection;
  readonly total: number;
  readonly journalFile: string;
  readonly emit: (event: DatasetEvent) => void;
  /** Finished records by index: the journal's, then each one this run finishes. */
  readonly done: Map<number, DoneEntry>;
  /** The record each image seen so far came from, to skip the same image listed under another record. */
  readonly seenImages: Map<string, number>;
  readonly skippedRecords: SkippedRecord[];
  downloaded: number;
  split: number;
  bytesDownloaded: number;
  /**
   * Aborted by the first failure that is not a skip (disk full, the caller's abort): it stops the remaining
   * records, and the run settles before it reports, so nothing keeps writing after generateDataset returns.
   */
  readonly stop: AbortController;
  /** The caller's signal and `stop` together. */
  readonly signal: AbortSignal;
  readonly downloadSlot: ReturnType<typeof createLimiter>;
  readonly splitSlot: ReturnType<typeof createLimiter>;
}

/** The run's shared state, counting the journalled records as done, and its first progress events. */
function startRecordRun(
  options: GenerateDatasetOptions,
  tiles: TileSelection,
  total: number,
  journalFile: string,
  done: Map<number, DoneEntry>,
): RecordRun {
  const stop = new AbortController();
  const run: RecordRun = {
    options,
    tiles,
    total,
    journalFile,
    emit: (event) => options.onEvent?.(event),
    done,
    seenImages: new Map([...done.values()].map((entry) => [entry.sha256, entry.index])),
    skippedRecords: [],
    downloaded: done.size,
    split: done.size,
    bytesDownloaded: 0,
    stop,
    signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal,
    downloadSlot: createLimiter(options.concurrency ?? 8),
    splitSlot: createLimiter(options.splitConcurrency ?? availableParallelism()),
  };
  run.emit({ type: 'progress', phase: 'downloading', done: run.downloaded, total, bytes: 0 });
  run.emit({ type: 'progress', phase: 'splitting', done: run.split, total });
  return run;
}

/** Downloads, splits and journals one record; a skip is counted and reported, anything else stops the run. */
async function processRecord(run: RecordRun, record: DatasetRecord): Promise<void> {
  try {
    // The download slot is held until splitting starts, so at most `concurrency` images sit in memory.
    await run.downloadSlot(async () => {
      const image = await downloadRecordImage(run, record);
      await splitAndJournal(run, record, image);
    });
  } catch (error) {
    if (!(error instanceof SkipError)) {
      if (!run.stop.signal.aborted) run.stop.abort(run.signal.aborted ? run.signal.reason : error);
      throw error;
    }
    const skipped: SkippedRecord = {
      index: record.index,
      image_url: record.image_url,
      reason: error.reason,
      detail: error.message,
    };
    run.skippedRecords.push(skipped);
    run.emit({ type: 'skipped', ...skipped });
  } finally {
    if (!run.stop.signal.aborted)
      run.emit({ type: 'progress', phase: 'splitting', done: ++run.split, total: run.total });
  }
}

/** The record's image from its source, each retry and the download progress reported as they happen. */
async function downloadRecordImage(run: RecordRun, record: DatasetRecord): Promise<Buffer> {
  run.signal.throwIfAborted();
  try {
    const image = await run.options.source.fetchImage(record, {
      ...run.options.download,
      signal: run.signal,
      onRetry: (notice) => run.emit(retryEvent('downloading', record.image_url, notice)),
      onEvent: run.emit,
    });
    run.bytesDownloaded += image.length;
    return image;
  } finally {
    // Records cut short by a stop are not counted, so an interrupted run never looks complete.
    if (!run.stop.signal.aborted)
      run.emit({
        type: 'progress',
        phase: 'downloading',
        done: ++run.downloaded,
        total: run.total,
        bytes: run.bytesDownloaded,
      });
  }
}

/** Writes the image's samples (tiles of a grid, or the image whole) and journals the record; an image already seen is a skip. */
async function splitAndJournal(run: RecordRun, record: DatasetRecord, image: Buffer): Promise<void> {
  const sha256 = createHash('sha256').update(image).digest('hex');
  const original = run.seenImages.get(sha256);
  if (original !== undefined) throw new SkipError('duplicate-image', `same image as record ${original}`);
  run.seenImages.set(sha256, record.index);
  try {
    const files = await run.splitSlot(() =>
      writeImageSamples(image, record.index, run.options.outputDir, run.tiles),
    );
    const entry: DoneEntry = { index: record.index, sha256, files };
    // One short line per append: a kill leaves at worst a torn last line, which readJournal ignores.
    await appendFile(run.journalFile, `${JSON.stringify(entry)}\n`).catch((error: unknown) => {
      throw toFileSystemError(error, run.journalFile, { action: 'write', elsewhere: OUTPUT_FOLDER_HINT });
    });
    run.done.set(record.index, entry);
  } catch (error) {
    run.seenImages.delete(sha256);
    throw error;
  }
}

/** Writes the metadata files asked for, and removes a format not asked for that an earlier run left. */
async function writeMetadataFiles(
  outputDir: string,
  rows: MetadataRow[],
  formats: readonly MetadataFormat[],
): Promise<string[]> {
  const written: string[] = [];
  for (const format of ['csv', 'jsonl'] as const) {
    const file = path.join(outputDir, `metadata.${format}`);
    if (formats.includes(format)) {
      await writeFileAtomic(file, format === 'csv' ? formatMetadataCsv(rows) : formatMetadataJsonl(rows), {
        elsewhere: OUTPUT_FOLDER_HINT,
      });
      written.push(file);
    } else {
      await rm(file, { force: true }).catch((error: unknown) => {
        throw toFileSystemError(error, file, { action: 'remove', elsewhere: OUTPUT_FOLDER_HINT });
      });
    }
  }
  return written;
}

async function loadOrListManifest(
  options: GenerateDatasetOptions,
  tiles: TileSelection,
  stateDir: string,
): Promise<Manifest> {
  const file = path.join(stateDir, MANIFEST);
  const mjVersion = String(options.mjVersion);
  const existing = await readFile(file, 'utf8').then(
    (text) => parseManifest(text, file),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw toFileSystemError(error, file, { action: 'read', elsewhere: OUTPUT_FOLDER_HINT });
    },
  );
  if (existing) {
    if (existing.source !== options.source.name) {
      throw new UsageError(
        `${path.dirname(stateDir)} already holds a dataset made from ${existing.source}, not ${options.source.name}. ` +
          'Re-run with that source to resume it, or choose another output folder.',
      );
    }
    if (
      existing.numSamples !== options.numSamples ||
      existing.mjVersion !== mjVersion ||
      existing.tiles !== tiles
    ) {
      throw new UsageError(
        `${path.dirname(stateDir)} already holds a dataset made with ${existing.numSamples} samples, Midjourney version ${existing.mjVersion} and ${existing.tiles} tiles. ` +
          'Re-run with those options to resume it, or choose another output folder.',
      );
    }
    options.onEvent?.({
      type: 'progress',
      phase: 'listing',
      done: existing.records.length,
      total: existing.numSamples,
    });
    return existing;
  }
  const listed = await listRecords(options.source, options);
  const manifest: Manifest = {
    format: 1,
    source: options.source.name,
    numSamples: options.numSamples,
    mjVersion,
    tiles,
    scanned: listed.scanned,
    duplicates: listed.duplicates,
    records: listed.records,
  };
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`, { elsewhere: OUTPUT_FOLDER_HINT });
  return manifest;
}

/** Our own file, written atomically; a hand-edited or foreign one is named rather than crashing the run. */
function parseManifest(text: string, file: string): Manifest {
  let manifest: Partial<Manifest> | null;
  try {
    manifest = JSON.parse(text) as Partial<Manifest> | null;
  } catch {
    manifest = null;
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.records)) {
    throw new PixelError(
      `${file} is not a dataset manifest this version can resume. Delete the folder ${path.dirname(file)} to ` +
        'build this dataset from the start, or choose another output folder (--output).',
    );
  }
  return manifest as Manifest;
}

/** Journal entries whose files are all present with the recorded sizes; anything else is redone. */
async function readJournal(file: string, outputDir: string): Promise<Map<number, DoneEntry>> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw toFileSystemError(error, file, { action: 'read', elsewhere: OUTPUT_FOLDER_HINT });
  });
  const done = new Map<number, DoneEntry>();
  for (const line of text.split('\n')) {
    let entry: DoneEntry;
    try {
      entry = JSON.parse(line) as DoneEntry;
    } catch {
      continue;
    }
    const sizes = await Promise.all(
      entry.files.map((f) =>
        stat(path.join(outputDir, f.name)).then(
          (s) => s.size,
          () => -1,
        ),
      ),
    );
    if (sizes.every((size, i) => size === entry.files[i]!.bytes)) done.set(entry.index, entry);
  }
  return done;
}

function metadataRows(
  records: readonly DatasetRecord[],
  done: ReadonlyMap<number, DoneEntry>,
): MetadataRow[] {
  return records.flatMap(
    (record) => done.get(record.index)?.files.map((f) => ({ file_name: f.name, text: record.prompt })) ?? [],
  );
}
