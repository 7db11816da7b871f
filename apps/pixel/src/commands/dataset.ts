import path from 'node:path';
import { getCompetition } from '@pixel/constraints';
import {
  createVisionSource,
  DEFAULT_DOWNLOAD,
  generateDataset,
  listRecords,
  VISION_SOURCE_URL_ENV,
  writeDatasetJson,
  type DatasetEvent,
  type DatasetPhase,
  type DatasetSummary,
  type MetadataFormat,
  type SkippedRecord,
} from '@pixel/dataset';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../lib/context.js';
import { formatBytes } from '../lib/format-bytes.js';
import { renderProgressBar } from '../lib/progress-bar.js';
import { createPrompter } from '../lib/prompt.js';

const DEFAULT_SAMPLES = 10_000;
const DEFAULT_MJ_VERSION = '6';
const DEFAULT_OUTPUT = './preprocessed_images';
const DEFAULT_DATASET_FILE = 'dataset.json';
/** Redraw at most this often on a terminal; every event would flood it. */
const REDRAW_MS = 100;
/** Skipped records listed one by one in the summary; the rest are counted. */
const SKIPPED_SHOWN = 10;

interface GenerateFlags {
  'num-samples'?: number;
  'mj-version'?: string;
  output?: string;
  preprocess?: boolean;
  'dataset-file'?: string;
  yes: boolean;
  'source-url'?: string;
  concurrency: number;
  'top-left-only': boolean;
  metadata: MetadataFormat[];
  timeout: number;
  retries: number;
  'max-image-mb': number;
}

interface Answers {
  numSamples: number;
  mjVersion: string;
  preprocess: boolean;
  /** The output folder, or the JSON file without preprocessing, as the user wrote it. */
  target: string;
}

/** Shell-quotes a path only when it needs it, so the printed command stays readable. */
function shellWord(word: string): string {
  return /^[\w./@:=+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
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

function parseSamples(answer: string): number {
  const n = Number(answer);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`The number of samples must be a positive whole number (got "${answer}").`);
  return n;
}

function parseVersion(answer: string): string {
  if (!/^\d+(\.\d+)?$/.test(answer))
    throw new Error(`The Midjourney version must be a number such as 6 or 5.2 (got "${answer}").`);
  return answer;
}

function parseYesNo(answer: string): boolean {
  if (/^y(es)?$/i.test(answer)) return true;
  if (/^no?$/i.test(answer)) return false;
  throw new Error('Please answer y or n.');
}

/** Flags first; on a terminal (without --yes) the reference's questions for whatever is missing; defaults otherwise. */
async function resolveAnswers(
  flags: GenerateFlags,
  ctx: CommandContext,
  input: NodeJS.ReadableStream,
): Promise<Answers> {
  const interactive = ctx.interactive && !flags.yes;
  const prompter = interactive ? createPrompter({ input, output: ctx.stdout }) : undefined;
  const answer = <T>(
    given: T | undefined,
    question: string,
    fallback: string,
    parse: (text: string) => T,
  ): Promise<T> | T => given ?? (prompter ? prompter.ask(question, fallback, parse) : parse(fallback));
  try {
    if (prompter) ctx.stdout.write('Pixel - Midjourney dataset from subnet 19 (vision)\n');
    const numSamples = await answer(
      flags['num-samples'],
      'Number of samples (2048x2048 images, 4 samples each)',
      String(DEFAULT_SAMPLES),
      parseSamples,
    );
    const mjVersion = await answer(
      flags['mj-version'],
      'Midjourney version',
      DEFAULT_MJ_VERSION,
      parseVersion,
    );
    const preprocess = await answer(
      flags.preprocess,
      'Preprocess the images into a training folder? (y/n)',
      'y',
      parseYesNo,
    );
    const target = preprocess
      ? await answer(flags.output, 'Output folder', DEFAULT_OUTPUT, String)
      : await answer(flags['dataset-file'], 'Dataset file to write', DEFAULT_DATASET_FILE, String);
    return { numSamples, mjVersion, preprocess, target };
  } finally {
    prompter?.close();
  }
}

const PHASE_LABELS: Record<DatasetPhase, string> = {
  listing: 'listing',
  downloading: 'downloading',
  splitting: 'splitting',
};

/** Progress bars redrawn in place on a terminal; elsewhere one log line per finished phase. */
function progressReporter(
  ctx: CommandContext,
  phases: readonly DatasetPhase[],
): { onEvent: (event: DatasetEvent) => void; finish: () => void } {
  const started = Date.now();
  const bars = new Map<
    DatasetPhase,
    { done: number; total: number; bytes?: number; since: number; finished?: number }
  >();
  let drawn = 0;
  let lastDraw = 0;
  const draw = (force: boolean): void => {
    if (!ctx.interactive || (!force && Date.now() - lastDraw < REDRAW_MS)) return;
    lastDraw = Date.now();
    const lines = phases.map((phase) => {
      const bar = bars.get(phase) ?? { done: 0, total: 0, since: started };
      return renderProgressBar({
        label: PHASE_LABELS[phase],
        done: bar.done,
        total: bar.total,
        elapsedMs: (bar.finished ?? Date.now()) - bar.since,
        detail: bar.bytes !== undefined ? formatBytes(bar.bytes) : undefined,
      });
    });
    ctx.stdout.write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}${lines.map((l) => `\x1b[2K${l}\n`).join('')}`);
    drawn = lines.length;
  };
  return {
    onEvent(event) {
      if (event.type === 'progress') {
        const previous = bars.get(event.phase);
        const since = previous?.since ?? Date.now();
        // A finished bar keeps the time it took instead of ticking on while other phases run.
        const finished = event.done === event.total ? (previous?.finished ?? Date.now()) : undefined;
        bars.set(event.phase, { done: event.done, total: event.total, bytes: event.bytes, since, finished });
        if (!ctx.interactive && event.done === event.total && previous?.done !== event.done) {
          ctx.logger.info(
            { phase: event.phase, done: event.done, total: event.total },
            `${event.phase}: ${event.done}/${event.total}`,
          );
        }
        draw(event.done === event.total);
      } else if (event.type === 'skipped' && !ctx.interactive) {
        ctx.logger.warn(
          { index: event.index, url: event.image_url, reason: event.reason },
          `record ${event.index} skipped (${event.reason}): ${event.detail}`,
        );
      } else if (event.type === 'retry') {
        ctx.logger.debug({ url: event.url, attempt: event.attempt }, `retrying: ${event.error}`);
      } else if (event.type === 'resumed') {
        if (!ctx.interactive) ctx.logger.info(`resuming: ${event.records} records already done`);
      }
    },
    finish: () => draw(true),
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
  return (
    yargs
      .option('num-samples', {
        type: 'number',
        describe: `Images to collect (each 2048x2048 grid gives 4 samples); asked on a terminal, default ${DEFAULT_SAMPLES}`,
      })
      .option('mj-version', {
        type: 'string',
        describe: `Midjourney version to keep (--v 6 and --v 6.0 for 6); default ${DEFAULT_MJ_VERSION}`,
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
        describe: `Base URL of subnet 19's image store (also ${VISION_SOURCE_URL_ENV}); default https://app.appsmith.com`,
      })
      .option('concurrency', { type: 'number', default: 8, describe: 'Simultaneous downloads' })
      .option('top-left-only', {
        type: 'boolean',
        default: false,
        describe: 'Keep only the top-left image of each grid, as the reference did',
      })
      .option('metadata', {
        type: 'array',
        choices: ['csv', 'jsonl'],
        default: ['csv', 'jsonl'],
        describe:
          "Metadata files to write; --metadata csv for Hugging Face datasets' imagefolder, which refuses both",
      })
      .option('timeout', {
        type: 'number',
        default: DEFAULT_DOWNLOAD.timeoutMs / 1000,
        describe: 'Seconds per download attempt',
      })
      .option('retries', {
        type: 'number',
        default: DEFAULT_DOWNLOAD.retries,
        describe: 'Further attempts after a transient download failure',
      })
      .option('max-image-mb', {
        type: 'number',
        default: DEFAULT_DOWNLOAD.maxBytes / 1024 ** 2,
        describe: 'Largest image accepted, in MiB',
      })
      // Returning a message (rather than throwing) makes yargs report it as a usage error (exit 2).
      .check((argv): string | true => {
        const n = argv['num-samples'];
        if (n !== undefined && (!Number.isInteger(n) || n <= 0))
          return `--num-samples must be a positive whole number (got ${n}), e.g. --num-samples 100.`;
        const version = argv['mj-version'];
        if (version !== undefined && !/^\d+(\.\d+)?$/.test(version))
          return `--mj-version must be a number such as 6 or 5.2 (got "${version}").`;
        for (const flag of ['concurrency', 'timeout', 'max-image-mb'] as const) {
          if (!(argv[flag] > 0)) return `--${flag} must be a positive number (got ${argv[flag]}).`;
        }
        if (!Number.isInteger(argv.retries) || argv.retries < 0)
          return `--retries must be a whole number, 0 or more (got ${argv.retries}).`;
        return true;
      }) as unknown as Argv<GenerateFlags>
  );
}

/** `pixel dataset generate`: the reference's interactive generator, also fully driven by flags. */
export function datasetCommand(
  ctx: CommandContext,
  input: NodeJS.ReadableStream = process.stdin,
): CommandModule {
  return {
    command: 'dataset',
    describe: 'Build a training dataset from subnet 19 Midjourney images',
    builder: (y) =>
      y
        .command({
          command: 'generate',
          describe:
            'Download, filter and split Midjourney images into a folder `pixel model train sdxl` reads (resumable)',
          builder: generateBuilder,
          handler: async (flags) => {
            const answers = await resolveAnswers(flags, ctx, input);
            const source = createVisionSource({
              baseUrl: flags['source-url'] ?? ctx.env[VISION_SOURCE_URL_ENV],
            });
            const target = path.resolve(ctx.cwd, answers.target);
            if (!answers.preprocess) {
              const progress = progressReporter(ctx, ['listing']);
              const listed = await listRecords(source, {
                numSamples: answers.numSamples,
                mjVersion: answers.mjVersion,
                onEvent: progress.onEvent,
              });
              progress.finish();
              await writeDatasetJson(target, listed.records);
              ctx.stdout.write(
                `Wrote ${listed.records.length} records to ${answers.target} (${listed.scanned} read from ${source.name}).\n`,
              );
              return;
            }
            const progress = progressReporter(ctx, ['listing', 'downloading', 'splitting']);
            // Ctrl-C stops the run cleanly (finished tiles are journalled); a second Ctrl-C kills as usual.
            const interrupt = new AbortController();
            const onInterrupt = (): void =>
              interrupt.abort(
                new Error('Interrupted. Finished images are kept: re-run the same command to resume.'),
              );
            process.once('SIGINT', onInterrupt);
            const summary = await generateDataset({
              source,
              numSamples: answers.numSamples,
              mjVersion: answers.mjVersion,
              outputDir: target,
              tiles: flags['top-left-only'] ? 'top-left' : 'all',
              concurrency: flags.concurrency,
              metadata: flags.metadata,
              download: {
                timeoutMs: flags.timeout * 1000,
                retries: flags.retries,
                maxBytes: Math.round(flags['max-image-mb'] * 1024 ** 2),
              },
              onEvent: progress.onEvent,
              signal: interrupt.signal,
            }).finally(() => process.off('SIGINT', onInterrupt));
            progress.finish();
            ctx.stdout.write(summaryText(summary, answers.target));
            if (summary.kept === 0 && summary.skippedRecords.length === 0) {
              throw new Error(
                `${source.name} listed no record with --v ${answers.mjVersion} (${summary.scanned} read); check --mj-version and --source-url.`,
              );
            }
            if (summary.kept === 0) {
              throw new Error(
                `No usable image among ${summary.skippedRecords.length} records (reasons above); check --source-url and the network, then re-run to resume.`,
              );
            }
          },
        })
        .demandCommand(1, 'Name a subcommand: generate'),
    handler: () => undefined,
  };
}
