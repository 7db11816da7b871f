import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createCsvRecordParser } from './create-csv-record-parser.js';
import { decodeRgbImage } from './decode-rgb-image.js';
import { sampleDataset } from './sample-dataset.js';
import type { Caption, ImageFolderDataset, ImageFolderRecord, OpenImageFolderOptions } from './types.js';

/** In order of preference. */
const METADATA_FILES = ['metadata.csv', 'metadata.jsonl'] as const;
const FILE_NAME_SUFFIX = 'file_name';
/**
 * Images decoded at once while indexing. Each holds its decoded pixels until checked (3 MB for a
 * 1024 x 1024 tile), and decoding is CPU work, so more than one per core only costs memory.
 */
const DECODES_AT_ONCE = availableParallelism();

/** A metadata row, by column name. */
type Row = Readonly<Record<string, unknown>>;

/** Byte ranges and lines of the usable rows: three numbers per row, nothing else. */
class RowIndex {
  private data = new Float64Array(3 * 1024);
  length = 0;

  push(start: number, end: number, line: number): void {
    if (3 * (this.length + 1) > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set([start, end, line], 3 * this.length++);
  }

  get(i: number): { start: number; end: number; line: number } {
    return { start: this.data[3 * i]!, end: this.data[3 * i + 1]!, line: this.data[3 * i + 2]! };
  }
}

/** The imagefolder convention: metadata column file_name is the image column "image", x_file_name is "x". */
function datasetColumnName(metadataColumn: string): string {
  if (metadataColumn === FILE_NAME_SUFFIX) return 'image';
  if (metadataColumn.endsWith(`_${FILE_NAME_SUFFIX}`))
    return metadataColumn.slice(0, -FILE_NAME_SUFFIX.length - 1);
  return metadataColumn;
}

function metadataColumnOfImage(imageColumn: string): string {
  return imageColumn === 'image' ? FILE_NAME_SUFFIX : `${imageColumn}_${FILE_NAME_SUFFIX}`;
}

function isCaption(value: unknown): value is Caption {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
  );
}

async function findMetadata(directory: string): Promise<string> {
  const info = await stat(directory).catch(() => undefined);
  if (!info)
    throw new Error(
      `--train_data_dir ${directory} does not exist. Pass the folder \`pixel dataset generate\` wrote.`,
    );
  if (!info.isDirectory()) throw new Error(`--train_data_dir ${directory} is not a folder.`);
  const isFile = (file: string) =>
    stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
  const found: string[] = [];
  for (const name of METADATA_FILES) if (await isFile(path.join(directory, name))) found.push(name);
  if (found.length === 0) {
    // A common slip: pointing at the parent of the dataset folder.
    const entries = await readdir(directory, { withFileTypes: true });
    const nested: string[] = [];
    for (const entry of entries.filter((e) => e.isDirectory())) {
      for (const name of METADATA_FILES) {
        if (await isFile(path.join(directory, entry.name, name)))
          nested.push(path.join(directory, entry.name));
      }
    }
    const hint =
      nested.length > 0 ? ` Did you mean --train_data_dir ${[...new Set(nested)].join(' or ')}?` : '';
    throw new Error(
      `${directory} has no metadata.csv or metadata.jsonl. The imagefolder layout needs one, with a file_name column naming each image and a caption column (\`pixel dataset generate\` writes metadata.csv).${hint}`,
    );
  }
  // `pixel dataset generate` writes both by default, with the same rows: the CSV is the reference's format.
  return path.join(directory, found[0]!);
}

/**
 * Why an image cannot be used, or undefined when it can. It must lie inside the dataset folder once
 * links are followed (a link to anywhere else would train on, and publish in the model, a file the
 * dataset's author chose from this machine), and decode completely, as training will decode it: a
 * header that reads is not enough (a PNG cut short has one). An image that first failed in the
 * caching pass would stop the run there, since skipping it then would change the dataset length the
 * run was planned with.
 */
async function imageProblem(
  imagePath: string,
  directory: { given: string; real: string },
): Promise<string | undefined> {
  const real = await realpath(imagePath).catch(() => undefined);
  if (!real) return 'not found';
  if (!isInside(directory.real, real))
    return `a link to ${real}, outside the dataset folder ${directory.given}: copy the image into the folder`;
  const info = await stat(real);
  if (!info.isFile()) return 'not a file';
  try {
    await decodeRgbImage(real);
  } catch (error) {
    return `not a readable image (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/** Whether `target` is `folder` or lies below it (both absolute and normalised). */
function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** One line of a JSON Lines file and where it lies. */
interface Line {
  bytes: Uint8Array;
  start: number;
  end: number;
  line: number;
}

/** Splits a file into lines with their byte ranges (JSON Lines). */
function createLineSplitter(): { push(chunk: Uint8Array): Line[]; end(): Line[] } {
  let pending: Uint8Array[] = [];
  let start = 0;
  let offset = 0;
  let line = 1;
  const take = (end: number): Line => {
    const bytes = Buffer.concat(pending);
    pending = [];
    const entry = { bytes, start, end, line: line++ };
    start = end;
    return entry;
  };
  return {
    push(chunk) {
      const out: Line[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === 0x0a) {
          pending.push(chunk.subarray(from, i));
          out.push(take(offset + i + 1));
          from = i + 1;
        }
      }
      pending.push(chunk.subarray(from));
      offset += chunk.length;
      return out;
    },
    end() {
      return pending.some((p) => p.length > 0) ? [take(offset)] : [];
    },
  };
}

/** What reading and judging the rows of one metadata file needs: the folder, the file, the columns used. */
interface MetadataLayout {
  directory: string;
  /** The folder with links followed: where every image must lie. */
  realDirectory: string;
  metadataPath: string;
  metadataName: string;
  isCsv: boolean;
  /** The metadata column naming the images (`file_name` for --image_column image). */
  fileColumn: string;
  imageColumn: string;
  captionColumn: string;
}

/** A row read from the metadata, not judged yet, and where it lies. */
interface PendingRow {
  row: Row;
  start: number;
  end: number;
  line: number;
}

/** The usable rows found by one pass over the metadata, and what the pass learned. */
interface MetadataIndex {
  index: RowIndex;
  /** The metadata's column names as written (the CSV header; the first JSON line's keys). */
  header: string[] | undefined;
  /** Column names as the dataset exposes them (file_name appears as image). */
  columns: string[];
  rows: number;
  skipped: number;
}

/**
 * The dataset's column names, once the metadata's header says the image and caption columns are there:
 * a missing one is an error listing the columns that are.
 */
function checkColumns(layout: MetadataLayout, metadataColumns: string[]): string[] {
  const { metadataName, fileColumn, imageColumn, captionColumn } = layout;
  const columns = metadataColumns.map(datasetColumnName);
  const imageColumns = metadataColumns.filter((c) => datasetColumnName(c) !== c).map(datasetColumnName);
  const available = `${columns.join(', ')} (${metadataName} columns: ${metadataColumns.join(', ')}; a file_name column appears as "image")`;
  if (!metadataColumns.includes(fileColumn)) {
    if (columns.includes(imageColumn)) {
      throw new Error(
        `--image_column "${imageColumn}" holds text in ${metadataName}, not images: image columns are ${imageColumns.join(', ') || 'none (add a file_name column)'}.`,
      );
    }
    throw new Error(`--image_column "${imageColumn}" needs to be one of: ${available}.`);
  }
  if (!columns.includes(captionColumn) || imageColumns.includes(captionColumn)) {
    throw new Error(
      `--caption_column "${captionColumn}" needs to be one of the text columns: ${columns.filter((c) => !imageColumns.includes(c)).join(', ') || 'none'} (${metadataName} columns: ${metadataColumns.join(', ')}).`,
    );
  }
  return columns;
}

/** The row as a record, or a reason to skip it. */
function toRecord(layout: MetadataLayout, row: Row, line: number): Omit<ImageFolderRecord, 'index'> | string {
  const { directory, metadataName, fileColumn, captionColumn } = layout;
  const fileName = row[fileColumn];
  if (typeof fileName !== 'string' || fileName === '')
    return `${metadataName} line ${line}: no image file name in column ${fileColumn}; row skipped.`;
  // The metadata is a stranger's: it may name any file on this machine, which training would then
  // bake into a model that gets published. Only files inside the folder are the dataset.
  if (path.isAbsolute(fileName)) {
    return `${metadataName} line ${line}: ${fileColumn} ${JSON.stringify(fileName)} is an absolute path: name the image relative to the dataset folder ${directory}; row skipped.`;
  }
  const imagePath = path.resolve(directory, fileName);
  if (!isInside(directory, imagePath)) {
    return `${metadataName} line ${line}: ${fileColumn} ${JSON.stringify(fileName)} leaves the dataset folder ${directory}: name an image inside it (a path relative to the folder, not climbing out with ".."); row skipped.`;
  }
  const caption = row[captionColumn];
  if (!isCaption(caption)) {
    return `${metadataName} line ${line}: no caption in column ${captionColumn} (got ${JSON.stringify(caption) ?? 'nothing'}); row skipped.`;
  }
  return { line, imagePath, caption };
}

function parseCsvRow(metadataName: string, header: string[], fields: string[], line: number): Row {
  if (fields.length !== header.length) {
    throw new Error(
      `${metadataName} line ${line} has ${fields.length} fields but the header has ${header.length}: quote fields that contain commas, quotes or line breaks ("a, ""b""").`,
    );
  }
  return Object.fromEntries(header.map((name, i) => [name, fields[i]]));
}

function parseJsonRow(layout: MetadataLayout, bytes: Uint8Array, line: number): Row | undefined {
  const text = Buffer.from(bytes).toString('utf8').trim();
  if (text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${layout.metadataName} line ${line} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `${layout.metadataName} line ${line} is not a JSON object: each line must be {"file_name": ..., "${layout.captionColumn}": ...}.`,
    );
  }
  return value as Row;
}

/**
 * The rows of the metadata file in one streaming pass, a chunk's worth at a time (the CSV header, or the
 * first JSON line's keys, go to `onHeader` before any row).
 */
async function* readMetadataRows(
  layout: MetadataLayout,
  onHeader: (header: string[]) => void,
): AsyncGenerator<PendingRow[]> {
  const csv = createCsvRecordParser(layout.metadataName);
  const lines = createLineSplitter();
  let header: string[] | undefined;
  const rowsOf = (chunk: Uint8Array | undefined): PendingRow[] => {
    const pending: PendingRow[] = [];
    if (layout.isCsv) {
      for (const record of chunk ? csv.push(chunk) : csv.end()) {
        if (!header) {
          header = record.fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name));
          onHeader(header);
        } else {
          const row = parseCsvRow(layout.metadataName, header, record.fields, record.line);
          pending.push({ row, start: record.start, end: record.end, line: record.line });
        }
      }
      return pending;
    }
    for (const entry of chunk ? lines.push(chunk) : lines.end()) {
      const row = parseJsonRow(layout, entry.bytes, entry.line);
      if (!row) continue;
      if (!header) {
        header = Object.keys(row);
        onHeader(header);
      }
      pending.push({ row, start: entry.start, end: entry.end, line: entry.line });
    }
    return pending;
  };
  for await (const chunk of createReadStream(layout.metadataPath)) yield rowsOf(chunk as Buffer);
  yield rowsOf(undefined);
}

/** Why each row cannot be used (undefined when it can), its image checked `DECODES_AT_ONCE` at a time. */
async function rowProblems(layout: MetadataLayout, pending: readonly PendingRow[]) {
  const records = pending.map(({ row, line }) => toRecord(layout, row, line));
  const folder = { given: layout.directory, real: layout.realDirectory };
  const problems: (string | undefined)[] = [];
  for (let from = 0; from < records.length; from += DECODES_AT_ONCE) {
    const slice = records.slice(from, from + DECODES_AT_ONCE);
    problems.push(
      ...(await Promise.all(
        slice.map(async (record) => {
          if (typeof record === 'string') return record;
          const problem = await imageProblem(record.imagePath, folder);
          return (
            problem &&
            `${layout.metadataName} line ${record.line}: image ${record.imagePath} is ${problem}; row skipped.`
          );
        }),
      )),
    );
  }
  return problems;
}

/** Indexes the usable rows, warning once for each row skipped. */
async function indexMetadata(
  layout: MetadataLayout,
  warn: (message: string) => void,
): Promise<MetadataIndex> {
  const found: MetadataIndex = { index: new RowIndex(), header: undefined, columns: [], rows: 0, skipped: 0 };
  const onHeader = (header: string[]) => {
    found.header = header;
    found.columns = checkColumns(layout, header);
  };
  for await (const pending of readMetadataRows(layout, onHeader)) {
    const problems = await rowProblems(layout, pending);
    pending.forEach((row, i) => {
      found.rows++;
      const problem = problems[i];
      if (problem) {
        found.skipped++;
        warn(problem);
      } else {
        found.index.push(row.start, row.end, row.line);
      }
    });
  }
  return found;
}

/** An empty metadata file, one without rows or without a usable row is an error. */
function checkNotEmpty(layout: MetadataLayout, { header, rows, index }: MetadataIndex): void {
  const { metadataPath, captionColumn } = layout;
  if (!header)
    throw new Error(
      `${metadataPath} is empty: it needs a header line (file_name,${captionColumn}) and one row per image.`,
    );
  if (rows === 0) throw new Error(`${metadataPath} has no rows: the dataset is empty.`);
  if (index.length === 0)
    throw new Error(
      `None of the ${rows} rows of ${metadataPath} is usable (see the warnings): the dataset is empty.`,
    );
}

/** Reads an indexed row again from its byte range, as indexing judged it. */
async function readIndexedRow(
  layout: MetadataLayout,
  handle: FileHandle,
  found: MetadataIndex,
  i: number,
): Promise<ImageFolderRecord> {
  const length = found.index.length;
  if (!Number.isInteger(i) || i < 0 || i >= length)
    throw new RangeError(`Row ${i} is outside the dataset (0..${length - 1}).`);
  const { start, end, line } = found.index.get(i);
  const bytes = Buffer.alloc(end - start);
  await handle.read(bytes, 0, bytes.length, start);
  let row: Row | undefined;
  if (layout.isCsv) {
    const parser = createCsvRecordParser(layout.metadataName, start, line);
    const [record] = [...parser.push(bytes), ...parser.end()];
    row = record && parseCsvRow(layout.metadataName, found.header!, record.fields, line);
  } else {
    row = parseJsonRow(layout, bytes, line);
  }
  const record = row && toRecord(layout, row, line);
  if (!record || typeof record === 'string')
    throw new Error(
      `${layout.metadataPath} changed while training: line ${line} no longer holds the row indexed at the start.`,
    );
  return { index: i, ...record };
}

/**
 * Opens `--train_data_dir` in the Hugging Face imagefolder layout (metadata.csv with standard CSV
 * quoting, or metadata.jsonl; a file_name column relative to the folder and a caption column) and
 * indexes its usable rows in one streaming pass: memory holds byte offsets, never the rows.
 *
 * What cannot be used is decided here, before training, so the dataset length (and with it the
 * number of steps and the LR schedule) never changes mid-run: a missing image, one that does not
 * decode completely (every image is decoded once here), a file_name that is absolute or climbs out of
 * the folder, an image that is a link to outside it, or a row without a caption is skipped with a
 * warning naming the line and file; a missing metadata file, a missing column, a malformed row or an
 * empty dataset is an error naming the file, line or column.
 */
export async function openImageFolder(options: OpenImageFolderOptions): Promise<ImageFolderDataset> {
  const directory = path.resolve(options.directory);
  const metadataPath = await findMetadata(directory);
  const metadataName = path.basename(metadataPath);
  const imageColumn = options.imageColumn ?? 'image';
  const layout: MetadataLayout = {
    directory,
    realDirectory: await realpath(directory),
    metadataPath,
    metadataName,
    isCsv: metadataName.endsWith('.csv'),
    fileColumn: metadataColumnOfImage(imageColumn),
    imageColumn,
    captionColumn: options.captionColumn ?? 'text',
  };
  const found = await indexMetadata(layout, options.onWarning ?? (() => undefined));
  checkNotEmpty(layout, found);
  const handle = await open(metadataPath, 'r');
  const dataset: ImageFolderDataset = {
    directory,
    metadataPath,
    columns: found.columns,
    length: found.index.length,
    skipped: found.skipped,
    record: (i) => readIndexedRow(layout, handle, found, i),
    close: () => handle.close(),
  };
  return sampleDataset(dataset, options.maxTrainSamples, options.seed ?? 0);
}
