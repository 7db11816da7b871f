import path from 'node:path';
import { getCompetition, PixelError, UnavailableError, UsageError } from '@pixel/constraints';
import {
  createCsvSource,
  createFolderSource,
  createParquetSource,
  createVisionSource,
  DEFAULT_DOWNLOAD,
  generateDataset,
  listRecords,
  parseSourceSpec,
  SOURCE_FORMS,
  VISION_SOURCE_URL_ENV,
  writeDatasetJson,
  type DatasetEvent,
  type DatasetPhase,
  type DatasetSummary,
  type MetadataFormat,
  type RecordSource,
  type SkippedRecord,
  type SourceSpec,
  type VisionSource,
} from '@pixel/dataset';
import { InvalidRepoIdError, parseRepoId, readAccessToken } from '@pixel/hub';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { formatBytes } from '../lib/format-bytes.js';
import { hubCacheDir } from '../lib/hub-cache-dir.js';
import { hubDatasetFiles } from '../lib/hub-dataset-files.js';
import { lastValue } from '../lib/last-value.js';
import { ProgressReporter } from '../lib/progress-reporter.js';
import { createPrompter } from '../lib/prompt.js';
import { shellWord } from '../lib/shell-word.js';

const DEFAULT_SOURCE = 'sn19';
const DEFAULT_SAMPLES = 10_000;
const DEFAULT_MJ_VERSION = '6';
const DEFAULT_OUTPUT = './preprocessed_images';
const DEFAULT_DATASET_FILE = 'dataset.json';
/** Skipped records listed one by one in the summary; the rest are counted. */
const SKIPPED_SHOWN = 10;
/** Non-terminal logs show progress in steps of a tenth. */
const LOG_STEPS = 10;
const DEFAULT_CONCURRENCY = 8;
// Upper bounds: beyond them a value is a typo, and a timer past 24.8 days would fire at once in Node.
const MAX_CONCURRENCY = 64;
const MAX_TIMEOUT_S = 86_400;
const MAX_RETRIES = 10;
const MAX_IMAGE_MB = 1024;

/**
 * The flags as typed: values stay strings so a wrong one is quoted back as the user wrote it ("abc", not
 * NaN); a flag given twice is an array, of which the last counts.
 */
interface GenerateFlags {
  'num-samples'?: string | string[];
  'mj-version'?: string | string[];
  output?: string | string[];
  preprocess?: boolean;
  'dataset-file'?: string | string[];
  yes: boolean;
  'source-url'?: string | string[];
  concurrency?: string | string[];
  'top-left-only': boolean;
  metadata: (string | number)[];
  timeout?: string | string[];
  retries?: string | string[];
  'max-image-mb'?: string | string[];
  source?: string | string[];
  'image-column'?: string | string[];
  'caption-column'?: string | string[];
  'cache-dir'?: string | string[];
  'hub-url'?: string | string[];
}

/** The flags that take a value (the rest are switches). */
type ValueFlag = {
  [K in keyof GenerateFlags]-?: GenerateFlags[K] extends string | string[] | undefined ? K : never;
}[keyof GenerateFlags];

/** The flags checked, every wrong one reported at once; answers not given as flags are asked or defaulted. */
interface GenerateSettings {
  numSamples?: number;
  mjVersion?: string;
  preprocess?: boolean;
  yes: boolean;
  output?: string;
  datasetFile?: string;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  metadata: MetadataFormat[];
  source?: SourceSpec;
  /** Subnet 19's store as the flags and the environment point at it, used when the source is `sn19`. */
  visionSource: VisionSource;
  imageColumn?: string;
  captionColumn?: string;
  cacheDir?: string;
  hubUrl?: string;
}

interface Answers {
  source: SourceSpec;
  numSamples: number;
  mjVersion: string;
  preprocess: boolean;
  /** The output folder, or the JSON file without preprocessing, as the user wrote it. */
  target: string;
}

/** The seed's training example (miner.md) with `--train_data_dir` set to the folder we made. */
export function trainCommandFor(folder: string): string {
  return [
    'pixel model train sdxl',
    `--pretrained_model_name_or_path ${getCompetition(undefined).baseModel}`,
    `--train_data_dir ${shellWord(folder)}`,
    '--image_column image',
    '--caption_column text',
    '--learning_rate 2e-6',
    '--noise_offset 0.1',
    '--snr_gamma 5',
    '--train_batch_size 1',
    '--num_epochs 10',
  ].join(' \\\n    ');
}

/**
 * Reads one value typed as a flag (`name` is `--flag`) or an answer (`name` is "The number of samples"),
 * or throws a `UsageError` that names it and quotes the text.
 */
type ValueParser<T> = (text: string, name: string) => T;

function wrongValue(name: string, rule: string, text: string): UsageError {
  return new UsageError(`${name} must be ${rule}, got ${JSON.stringify(text)}`);
}

const positiveInteger: ValueParser<number> = (text, name) => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0)
    throw wrongValue(name, 'a positive integer', text);
  return n;
};

function integerFrom(min: number, max: number): ValueParser<number> {
  return (text, name) => {
    const n = Number(text);
    if (!/^-?\d+$/.test(text) || n < min || n > max)
      throw wrongValue(name, `an integer from ${min} to ${max}`, text);
    return n;
  };
}

function positiveNumberUpTo(unit: string, max: number): ValueParser<number> {
  return (text, name) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max)
      throw wrongValue(name, `a number of ${unit} above 0, at most ${max}`, text);
    return n;
  };
}

/** A `--source` value; for `hf:` the repo id is checked with the Hub's grammar before anything runs. */
const sourceSpec: ValueParser<SourceSpec> = (text, name) => {
  const spec = parseSourceSpec(text, name);
  if (spec.kind === 'hf') {
    try {
      parseRepoId(spec.repo, { allowRevision: true });
    } catch (error) {
      if (!(error instanceof InvalidRepoIdError)) throw error;
      throw new UsageError(`${name} hf:${spec.repo}: ${error.reason}; use hf:<owner>/<dataset>[@revision].`);
    }
  }
  return spec;
};

const midjourneyVersion: ValueParser<string> = (text, name) => {
  if (!/^\d+(\.\d+)?$/.test(text)) throw wrongValue(name, 'a number such as 6 or 5.2', text);
  return text;
};

function parseYesNo(answer: string): boolean {
  if (/^y(es)?$/i.test(answer)) return true;
  if (/^no?$/i.test(answer)) return false;
  throw new UsageError('Please answer y or n.');
}

/** Checks every flag before anything runs, and lists all that are wrong in one `UsageError` (exit code 2). */
function readGenerateFlags(flags: GenerateFlags, env: NodeJS.ProcessEnv): GenerateSettings {
  const problems: string[] = [];
  const read = <T>(flag: ValueFlag, parse: ValueParser<T>, fallback?: number): T | undefined => {
    const given = flags[flag];
    const text = given === undefined ? fallback?.toString() : lastValue(given);
    if (text === undefined) return undefined;
    try {
      return parse(text, `--${flag}`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const text = (flag: ValueFlag): string | undefined => read(flag, (value) => value);
  const numSamples = read('num-samples', positiveInteger);
  const mjVersion = read('mj-version', midjourneyVersion);
  const concurrency = read('concurrency', integerFrom(1, MAX_CONCURRENCY), DEFAULT_CONCURRENCY);
  const timeout = read(
    'timeout',
    positiveNumberUpTo('seconds', MAX_TIMEOUT_S),
    DEFAULT_DOWNLOAD.timeoutMs / 1000,
  );
  const retries = read('retries', integerFrom(0, MAX_RETRIES), DEFAULT_DOWNLOAD.retries);
  const maxImageMb = read(
    'max-image-mb',
    positiveNumberUpTo('MiB', MAX_IMAGE_MB),
    DEFAULT_DOWNLOAD.maxBytes / 1024 ** 2,
  );
  const metadata = flags.metadata.map(String);
  for (const format of metadata.filter((f) => f !== 'csv' && f !== 'jsonl'))
    problems.push(wrongValue('--metadata', 'csv, jsonl or both', format).message);
  const source = read('source', sourceSpec);
  let visionSource: VisionSource | undefined;
  try {
    visionSource = createVisionSource({
      baseUrl: text('source-url') ?? env[VISION_SOURCE_URL_ENV],
      timeoutMs: (timeout ?? DEFAULT_DOWNLOAD.timeoutMs / 1000) * 1000,
      retries: retries ?? DEFAULT_DOWNLOAD.retries,
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push(error.message);
  }
  if (problems.length > 0)
    throw new UsageError(
      [...problems, 'Run `pixel dataset generate --help` for what each flag takes.'].join('\n'),
    );
  return {
    numSamples,
    mjVersion,
    preprocess: flags.preprocess,
    yes: flags.yes,
    output: text('output'),
    datasetFile: text('dataset-file'),
    concurrency: concurrency!,
    timeoutMs: timeout! * 1000,
    retries: retries!,
    maxBytes: Math.round(maxImageMb! * 1024 ** 2),
    metadata: metadata as MetadataFormat[],
    source,
    visionSource: visionSource!,
    imageColumn: text('image-column'),
    captionColumn: text('caption-column'),
    cacheDir: text('cache-dir'),
    hubUrl: text('hub-url'),
  };
}

/** The source the answers name, with what it needs: the Hub client and cache for `hf:`, paths from here. */
async function createSource(
  spec: SourceSpec,
  settings: GenerateSettings,
  ctx: CommandContext,
): Promise<RecordSource> {
  const columns = { imageColumn: settings.imageColumn, captionColumn: settings.captionColumn };
  if (spec.kind === 'sn19') return settings.visionSource;
  if (spec.kind !== 'hf') {
    const where = path.resolve(ctx.cwd, spec.path);
    return spec.kind === 'folder'
      ? createFolderSource({ ...columns, dir: where })
      : createCsvSource({ ...columns, file: where });
  }
  const { id, revision } = parseRepoId(spec.repo, { allowRevision: true });
  const files = hubDatasetFiles({
    repo: id,
    revision,
    cacheDir: hubCacheDir(ctx, settings.cacheDir),
    accessToken: await readAccessToken({ env: ctx.env, cwd: ctx.cwd }),
    hubUrl: settings.hubUrl ?? ctx.env.HF_ENDPOINT,
  });
  return createParquetSource({ ...columns, files });
}

/** Flags first; on a terminal (without --yes) the reference's questions for whatever is missing; defaults otherwise. */
async function resolveAnswers(
  settings: GenerateSettings,
  ctx: CommandContext,
  input: NodeJS.ReadableStream,
): Promise<Answers> {
  const interactive = ctx.interactive && !settings.yes;
  const prompter = interactive ? createPrompter({ input, output: ctx.stdout }) : undefined;
  const answer = <T>(
    given: T | undefined,
    question: string,
    fallback: string,
    parse: (text: string) => T,
  ): Promise<T> | T => given ?? (prompter ? prompter.ask(question, fallback, parse) : parse(fallback));
  try {
    if (prompter) ctx.stdout.write('Pixel - Midjourney dataset\n');
    const source = await answer(settings.source, `Source (${SOURCE_FORMS})`, DEFAULT_SOURCE, (text) =>
      sourceSpec(text, 'The source'),
    );
    const numSamples = await answer(
      settings.numSamples,
      'Number of samples (images to collect; a 2048x2048 grid gives 4)',
      String(DEFAULT_SAMPLES),
      (text) => positiveInteger(text, 'The number of samples'),
    );
    const mjVersion = await answer(settings.mjVersion, 'Midjourney version', DEFAULT_MJ_VERSION, (text) =>
      midjourneyVersion(text, 'The Midjourney version'),
    );
    const preprocess = await answer(
      settings.preprocess,
      'Preprocess the images into a training folder? (y/n)',
      'y',
      parseYesNo,
    );
    const target = preprocess
      ? await answer(settings.output, 'Output folder', DEFAULT_OUTPUT, String)
      : await answer(settings.datasetFile, 'Dataset file to write', DEFAULT_DATASET_FILE, String);
    return { source, numSamples, mjVersion, preprocess, target };
  } finally {
    prompter?.close();
  }
}

const PHASE_LABELS: Record<DatasetPhase, string> = {
  listing: 'listing',
  downloading: 'downloading',
  splitting: 'splitting',
};

/** `0.5 s`, `60 s`. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** What a retry event says, as it happens: which attempt of how many failed, why, and when the next starts. */
function retryLine(event: Extract<DatasetEvent, { type: 'retry' }>): string {
  const what = event.phase === 'listing' ? 'listing' : `downloading ${event.url}`;
  return `${what}: attempt ${event.attempt} of ${event.attempts} failed: ${event.error}; retrying in ${seconds(event.delayMs)}`;
}

/**
 * Progress as it happens. On a terminal: bars redrawn in place, with retries printed above them. Elsewhere:
 * log lines for the start of a phase (`intro`), each tenth of it done, every retry and every skipped record.
 */
function progressReporter(
  ctx: CommandContext,
  phases: readonly DatasetPhase[],
  intro: Partial<Record<DatasetPhase, string>> = {},
): { onEvent: (event: DatasetEvent) => void; finish: () => void } {
  const progress = new ProgressReporter(ctx, {
    live: ctx.interactive,
    bars: phases.map((phase) => PHASE_LABELS[phase]),
    logSteps: LOG_STEPS,
  });
  const started = new Set<DatasetPhase>();
  return {
    onEvent(event) {
      if (event.type === 'progress') {
        const introLine = intro[event.phase];
        if (!ctx.interactive && !started.has(event.phase) && event.done < event.total && introLine)
          ctx.logger.info(introLine);
        started.add(event.phase);
        progress.update(PHASE_LABELS[event.phase], {
          done: event.done,
          total: event.total,
          detail: event.bytes !== undefined ? formatBytes(event.bytes) : undefined,
        });
      } else if (event.type === 'retry') {
        progress.warn(
          { phase: event.phase, url: event.url, attempt: event.attempt, attempts: event.attempts },
          retryLine(event),
        );
      } else if (event.type === 'skipped' && !ctx.interactive) {
        ctx.logger.warn(
          { index: event.index, url: event.image_url, reason: event.reason },
          `record ${event.index} skipped (${event.reason}): ${event.detail}`,
        );
      } else if (event.type === 'resumed') {
        if (!ctx.interactive) ctx.logger.info(`resuming: ${event.records} records already done`);
      } else if (event.type === 'shard') {
        const label = `file ${event.number}/${event.count}`;
        if (event.bytes === 0)
          ctx.logger.info(
            { path: event.path, bytes: event.size },
            `reading ${event.path} (${formatBytes(event.size)}, ${label}; downloaded into the cache once)`,
          );
        progress.update(label, { done: event.bytes, total: event.size, detail: formatBytes(event.bytes) });
      }
    },
    finish: () => progress.finish(),
  };
}

function summaryText(summary: DatasetSummary, folder: string): string {
  const skippedTotal = Object.values(summary.skipped).reduce((a, b) => a + (b ?? 0), 0);
  const reasons = Object.entries(summary.skipped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const shown = summary.skippedRecords
    .slice(0, SKIPPED_SHOWN)
    .map((s: SkippedRecord) => `  #${s.index} ${s.reason}: ${s.detail} (${s.image_url})`);
  const more = summary.skippedRecords.length - shown.length;
  return [
    `Kept ${summary.kept} images -> ${summary.samples} samples in ${folder}${summary.resumed ? ` (${summary.resumed} from an earlier run)` : ''}`,
    `Skipped ${skippedTotal}${skippedTotal ? ` (${reasons})` : ''}`,
    ...shown,
    ...(more > 0 ? [`  ... and ${more} more`] : []),
    `Downloaded ${formatBytes(summary.bytesDownloaded)} in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    '',
    'Train on it with:',
    `  ${trainCommandFor(folder)}`,
    '',
  ].join('\n');
}

function generateBuilder(yargs: Argv): Argv<GenerateFlags> {
  // Values are read as strings and checked together in readGenerateFlags, so every wrong one is reported at
  // once and quoted as typed; the defaults are applied there too.
  return yargs
    .option('source', {
      type: 'string',
      describe:
        `Where the images come from: sn19 (subnet 19's store; it appears to be offline), hf:<owner>/<dataset>[@revision] ` +
        '(a Hugging Face dataset in parquet, an Image feature or image URLs), folder:<dir> (images with .txt ' +
        `captions or a metadata.csv/jsonl) or csv:<file> (image URLs or files and prompts); asked on a terminal, default ${DEFAULT_SOURCE}`,
    })
    .option('image-column', {
      type: 'string',
      describe:
        'hf:, csv: and folder metadata: the column of the images (default: picked from the names and types)',
    })
    .option('caption-column', {
      type: 'string',
      describe:
        'hf:, csv: and folder metadata: the column of the prompts (default: prompt, caption, text, ...)',
    })
    .option('cache-dir', {
      type: 'string',
      describe:
        'hf: where dataset files are downloaded (default HF_HUB_CACHE, else ~/.cache/huggingface/hub)',
    })
    .option('hub-url', {
      type: 'string',
      describe:
        'hf: the Hugging Face Hub URL (also HF_ENDPOINT); default huggingface.co. HF_ACCESS_TOKEN reads private datasets',
    })
    .option('num-samples', {
      type: 'string',
      describe: `Images to collect, a positive integer (each 2048x2048 grid gives 4 samples, other images 1); asked on a terminal, default ${DEFAULT_SAMPLES}`,
    })
    .option('mj-version', {
      type: 'string',
      describe: `Midjourney version to keep (--v 6 and --v 6.0 for 6; captions of datasets without any --v are kept); default ${DEFAULT_MJ_VERSION}`,
    })
    .option('output', {
      alias: 'o',
      type: 'string',
      describe: `Training folder to create or resume; default ${DEFAULT_OUTPUT}`,
    })
    .option('preprocess', {
      type: 'boolean',
      describe: 'Download and split the images (--no-preprocess only writes the records as JSON)',
    })
    .option('dataset-file', {
      type: 'string',
      describe: `With --no-preprocess: the JSON file to write; default ${DEFAULT_DATASET_FILE}`,
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      default: false,
      describe: 'Ask nothing: defaults for every answer not given as a flag',
    })
    .option('source-url', {
      type: 'string',
      describe: `--source sn19: base URL of subnet 19's image store (also ${VISION_SOURCE_URL_ENV}); default https://app.appsmith.com`,
    })
    .option('concurrency', {
      type: 'string',
      describe: `Simultaneous downloads, 1 to ${MAX_CONCURRENCY}; default ${DEFAULT_CONCURRENCY}`,
    })
    .option('top-left-only', {
      type: 'boolean',
      default: false,
      describe: 'Keep only the top-left image of each 2048x2048 grid, as the reference did',
    })
    .option('metadata', {
      type: 'array',
      default: ['csv', 'jsonl'],
      describe:
        "Metadata files to write: csv, jsonl or both; --metadata csv for Hugging Face datasets' imagefolder, which refuses both",
    })
    .option('timeout', {
      type: 'string',
      describe: `Seconds each request may take, a listing page or an image, before it is retried (at most ${MAX_TIMEOUT_S}); default ${DEFAULT_DOWNLOAD.timeoutMs / 1000}`,
    })
    .option('retries', {
      type: 'string',
      describe: `Further attempts after a timeout or a transient failure, listing and downloads (0 to ${MAX_RETRIES}); default ${DEFAULT_DOWNLOAD.retries}`,
    })
    .option('max-image-mb', {
      type: 'string',
      describe: `Largest image accepted, in MiB, from any source (at most ${MAX_IMAGE_MB}); default ${DEFAULT_DOWNLOAD.maxBytes / 1024 ** 2}`,
    }) as unknown as Argv<GenerateFlags>;
}

/** The source's first log line: what is listed from where, and for subnet 19's store how long each page may take. */
function listingIntro(answers: Answers, source: RecordSource, settings: GenerateSettings): string {
  const what = `listing ${answers.numSamples} records from ${source.name}`;
  return answers.source.kind === 'sn19'
    ? `${what} (each request up to ${seconds(settings.timeoutMs)}, ${settings.retries + 1} attempts)`
    : what;
}

/** `pixel dataset generate`: flags, then questions, then the records as JSON or a training folder. */
async function generate(
  flags: GenerateFlags,
  ctx: CommandContext,
  input: NodeJS.ReadableStream,
): Promise<void> {
  const settings = readGenerateFlags(flags, ctx.env);
  const answers = await resolveAnswers(settings, ctx, input);
  const source = await createSource(answers.source, settings, ctx);
  const target = path.resolve(ctx.cwd, answers.target);
  const intro = { listing: listingIntro(answers, source, settings) };
  if (!answers.preprocess) {
    const progress = progressReporter(ctx, ['listing'], intro);
    const listed = await listRecords(source, {
      numSamples: answers.numSamples,
      mjVersion: answers.mjVersion,
      onEvent: progress.onEvent,
    }).finally(progress.finish);
    await writeDatasetJson(target, listed.records);
    ctx.stdout.write(
      `Wrote ${listed.records.length} records to ${answers.target} (${listed.scanned} read from ${source.name}).\n`,
    );
    return;
  }
  const progress = progressReporter(ctx, ['listing', 'downloading', 'splitting'], intro);
  // Ctrl-C stops the run cleanly (finished tiles are journalled); a second Ctrl-C kills as usual.
  const interrupt = new AbortController();
  const onInterrupt = (): void =>
    interrupt.abort(
      new PixelError('Interrupted. Finished images are kept: re-run the same command to resume.'),
    );
  process.once('SIGINT', onInterrupt);
  const summary = await generateDataset({
    source,
    numSamples: answers.numSamples,
    mjVersion: answers.mjVersion,
    outputDir: target,
    tiles: flags['top-left-only'] ? 'top-left' : 'all',
    concurrency: settings.concurrency,
    metadata: settings.metadata,
    download: { timeoutMs: settings.timeoutMs, retries: settings.retries, maxBytes: settings.maxBytes },
    onEvent: progress.onEvent,
    signal: interrupt.signal,
  }).finally(() => {
    process.off('SIGINT', onInterrupt);
    progress.finish();
  });
  ctx.stdout.write(summaryText(summary, answers.target));
  checkSomethingKept(summary, source, answers);
}

/** A run that kept nothing failed: nothing listed (exit 1), or no image answered (exit 3), or all unusable. */
function checkSomethingKept(summary: DatasetSummary, source: RecordSource, answers: Answers): void {
  if (summary.kept > 0) return;
  if (summary.skippedRecords.length === 0) {
    const unversioned = source.versionFilter === 'when-present' ? ' or without a version flag' : '';
    throw new PixelError(
      `${source.name} listed no record with --v ${answers.mjVersion}${unversioned} (${summary.scanned} read); check --mj-version and --source.`,
    );
  }
  // Every image timed out or lost its connection: the image host did not answer.
  const unanswered = summary.skippedRecords.every(
    (s) => s.reason === 'timeout' || s.reason === 'network-error',
  );
  throw new (unanswered ? UnavailableError : PixelError)(
    `No usable image among ${summary.skippedRecords.length} records (reasons above); check --source and the network, then re-run to resume.`,
  );
}

/** `pixel dataset generate`: the reference's interactive generator, also fully driven by flags. */
export function datasetCommand(
  ctx: CommandContext,
  input: NodeJS.ReadableStream = process.stdin,
): CommandModule {
  return {
    command: 'dataset',
    describe:
      'Build a training dataset of Midjourney images (a Hugging Face dataset, a folder, a CSV file, subnet 19)',
    builder: (y) =>
      y
        .command({
          command: 'generate',
          describe:
            'Read, filter and split Midjourney images into a folder `pixel model train sdxl` reads (resumable)',
          builder: generateBuilder,
          handler: (flags) => generate(flags, ctx, input),
        })
        .demandCommand(1, 'Name a subcommand: generate'),
    handler: () => undefined,
  };
}
