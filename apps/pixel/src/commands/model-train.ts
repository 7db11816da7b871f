import path from 'node:path';
import { PixelError } from '@pixel/constraints';
import { downloadPipelineParts } from '@pixel/hub';
import { locateModel, resolveModel, type ResolveModelOptions } from '@pixel/miner';
import {
  TRAIN_OPTION_SPECS,
  TrainOptionsError,
  TrainingInterruptedError,
  openImageFolder,
  parseTrainOptions,
  train,
  type BackendChoice,
  type ParsedTrainOptions,
  type TrainEvent,
  type TrainOptions,
  type TrainOptionSpec,
} from '@pixel/sdxl-trainer';
import type { Argv, CommandModule, Options } from 'yargs';
import { BACKEND_OPTION } from '../lib/backend-option.js';
import { chainOptions } from '../lib/chain-options.js';
import type { CommandContext } from '../lib/context.js';
import { modelResolutionOptions } from '../lib/model-resolution-options.js';
import { printMemoryPlan } from '../lib/print-memory-plan.js';
import { ProgressReporter } from '../lib/progress-reporter.js';
import { startBackend } from '../lib/start-backend.js';
import { withSubtensor } from '../lib/with-subtensor.js';
import { modelEvalCommand } from './model-eval.js';
import { modelUploadCommand } from './model-upload.js';

const PRINT_CONFIG = 'print-config';
const PRINT_MEMORY_PLAN = 'print-memory-plan';
const PRINT_MEMORY_PLAN_OPTION: Options = {
  type: 'boolean',
  describe:
    "Print the device memory a step needs with these flags (weights, gradients, optimizer state, EMA, activations, the peak, and which 16-80 GB cards it fits), read from the trained UNet's config, without training. With --print-config, added to its JSON as memoryPlan. A Hub id is downloaded first, as training would.",
};
const UNET_FLAG = '--pretrained_unet_model_name_or_path';
const CHAIN_GROUP = `Chain (for ${UNET_FLAG} uid:<n> or best):`;

/**
 * The signals that stop training gracefully, each with the exit code a shell gives a command it stops
 * (128 + the signal's number): not 0, so `pixel-train ... && pixel-upload ...` does not go on to upload an
 * unfinished model, and wrappers see the run was interrupted rather than failed.
 */
const STOP_SIGNALS = {
  SIGINT: { exitCode: 130, name: 'Ctrl-C (SIGINT)', again: 'Press Ctrl-C again' },
  SIGTERM: { exitCode: 143, name: 'SIGTERM', again: 'Send SIGTERM again' },
} as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/** Training stopped by a signal after saving its last step; exits with that signal's code (130, 143). */
class StoppedBySignalError extends PixelError {
  override readonly exitCode: number;

  constructor(signal: StopSignal, interrupted: TrainingInterruptedError) {
    super(`Stopped by ${STOP_SIGNALS[signal].name}. ${interrupted.message}`, { cause: interrupted });
    this.exitCode = STOP_SIGNALS[signal].exitCode;
  }
}

/**
 * While training runs, the first SIGINT (Ctrl-C) or SIGTERM asks it to stop after the current step and save a
 * checkpoint (train's `signal`). Our handlers are removed at that moment, so a second signal meets the
 * default handling and ends the process at once, even in the middle of a step; `restore` removes them when
 * training ends without a signal.
 */
function stopOnSignals(ctx: CommandContext) {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const restore = () => {
    for (const signal of Object.keys(STOP_SIGNALS)) process.removeListener(signal, onSignal);
  };
  const onSignal = (signal: StopSignal) => {
    restore();
    received = signal;
    ctx.logger.warn(
      `${STOP_SIGNALS[signal].name} received: finishing the current step, then saving a checkpoint and stopping. ${STOP_SIGNALS[signal].again} to stop at once (losing the steps since the last checkpoint).`,
    );
    controller.abort();
  };
  for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, onSignal);
  return { signal: controller.signal, received: () => received, restore };
}

/** How one flag of the table is declared to yargs: snake_case name, kebab-case (and alias) spellings. */
function yargsOption(spec: TrainOptionSpec): Options {
  const spellings = [spec.flag, ...(spec.aliases ?? [])];
  const aliases = [...new Set(spellings.flatMap((s) => [s, s.replace(/_/g, '-')]))].filter(
    (s) => s !== spec.flag,
  );
  const details = [
    spec.choices ? `Choices: ${spec.choices.join(', ')}.` : '',
    // Numbers are left untyped so a non-number reaches parseTrainOptions as typed and is quoted back.
    spec.type === 'integer' || spec.type === 'number' ? `[${spec.type}]` : '',
    spec.max ? `At most ${spec.max.value}.` : '',
  ].filter(Boolean);
  return {
    alias: aliases,
    describe: [spec.describe, ...details].join(' '),
    group: spec.group,
    ...(spec.type === 'string' || spec.type === 'boolean' ? { type: spec.type } : {}),
    // The words after the flag, up to the next flag (kohya's --optimizer_args a=1 b=2), kept as typed.
    ...(spec.type === 'list' ? { type: 'string' as const, array: true } : {}),
    // Defaults are applied (and shown) by parseTrainOptions' table, so "given" means typed by the user.
    ...(spec.default !== undefined ? { defaultDescription: String(spec.default) } : {}),
  };
}

function sdxlCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'sdxl',
    describe: "Fine-tune the SDXL UNet (the flags of diffusers' train_text_to_image_sdxl.py)",
    builder: (y: Argv) => {
      let parser = y
        // The chain flags keep their dotted names (--subtensor.network), as in `pixel model eval`.
        .parserConfiguration({ 'dot-notation': false })
        .usage(
          '$0 model train sdxl --pretrained_model_name_or_path <pipeline> --train_data_dir <folder> [options]\n\n' +
            "Fine-tunes the SDXL UNet with the flags and defaults of diffusers' train_text_to_image_sdxl.py " +
            '(snake_case or kebab-case; --num_epochs is --num_train_epochs). `pixel-train` is the same command.',
        )
        .option(PRINT_CONFIG, {
          alias: 'dry-run',
          type: 'boolean',
          describe: 'Validate the flags and print the resolved options as JSON, without training.',
        })
        .option(PRINT_MEMORY_PLAN, PRINT_MEMORY_PLAN_OPTION)
        .option('backend', BACKEND_OPTION);
      for (const spec of TRAIN_OPTION_SPECS) parser = parser.option(spec.flag, yargsOption(spec));
      for (const [flag, option] of Object.entries(chainOptions()))
        parser = parser.option(flag, { ...option, group: CHAIN_GROUP });
      return parser;
    },
    handler: async (argv) => {
      const given = Object.fromEntries(
        TRAIN_OPTION_SPECS.flatMap((spec) =>
          argv[spec.flag] === undefined ? [] : [[spec.flag, argv[spec.flag]]],
        ),
      );
      let parsed: ParsedTrainOptions;
      try {
        parsed = parseTrainOptions(given);
      } catch (error) {
        // Warnings still matter when something else is wrong: the user fixes everything in one go.
        if (error instanceof TrainOptionsError)
          for (const warning of error.warnings) ctx.logger.warn(warning);
        throw error;
      }
      const { options, warnings } = parsed;
      for (const warning of warnings) ctx.logger.warn(warning);
      // A malformed uid or a missing UNet folder is refused now, not after the dataset check and the pipeline download.
      if (options.pretrainedUnetModelNameOrPath)
        await locateModel(options.pretrainedUnetModelNameOrPath, { cwd: ctx.cwd, flag: UNET_FLAG });
      if (argv[PRINT_MEMORY_PLAN]) {
        const resolve = () => resolvePaths(ctx, options, argv);
        return printMemoryPlan(ctx, options, { resolve, json: Boolean(argv[PRINT_CONFIG]) });
      }
      if (argv[PRINT_CONFIG]) {
        ctx.stdout.write(`${JSON.stringify(options, null, 2)}\n`);
        return;
      }
      // Check the data now: a bad dataset should not wait for the models to load to be reported. train()
      // reads this index instead of indexing the folder again (which decodes every image).
      const dataset = await openImageFolder({
        directory: path.resolve(ctx.cwd, options.trainDataDir),
        imageColumn: options.imageColumn,
        captionColumn: options.captionColumn,
        onWarning: (message) => ctx.logger.warn(message),
      });
      // train() draws the --max_train_samples subset itself, with the run's seed.
      const samples = Math.min(dataset.length, options.maxTrainSamples ?? Infinity);
      ctx.logger.info(
        `${samples} sample${samples === 1 ? '' : 's'} in ${dataset.metadataPath}` +
          (dataset.skipped ? ` (${dataset.skipped} rows skipped)` : '') +
          (options.evalHoldout ? `, ${options.evalHoldout} held out for evaluation` : ''),
      );
      try {
        const resolved = await resolvePaths(ctx, options, argv);
        await startBackend(argv.backend as BackendChoice, ctx.logger);
        const progress = trainingProgress(ctx);
        const stop = stopOnSignals(ctx);
        try {
          const result = await train(resolved, {
            onEvent: progress.onEvent,
            logger: {
              info: (message) => ctx.logger.info(message),
              warn: (message) => ctx.logger.warn(message),
            },
            signal: stop.signal,
            dataset,
          });
          progress.finish();
          ctx.stdout.write(
            `Trained ${result.globalStep} steps (seed ${result.seed}); pipeline with the trained UNet in ${result.outputDir}\n`,
          );
        } catch (error) {
          progress.finish();
          const signal = stop.received();
          if (signal && error instanceof TrainingInterruptedError)
            throw new StoppedBySignalError(signal, error);
          throw error;
        } finally {
          stop.restore();
        }
      } finally {
        await dataset.close();
      }
    },
  };
}

/**
 * The UNet folder --pretrained_unet_model_name_or_path names (`resolveModel` of @pixel/miner): a folder or Hub
 * id (the whole repo), or the model `uid:<n>` committed, or the best uid's (`best`), downloaded at the committed
 * revision and verified as validators do; only those two connect to the chain. Which committed model training
 * starts from is logged.
 */
async function resolveStartingUnet(
  ctx: CommandContext,
  value: string,
  resolution: ResolveModelOptions,
  argv: Readonly<Record<string, unknown>>,
): Promise<string> {
  const options = { ...resolution, flag: UNET_FLAG };
  const { kind } = await locateModel(value, options);
  const { folder, committed } =
    kind === 'committed'
      ? await withSubtensor(ctx, argv, (chain) => resolveModel(value, { ...options, chain }))
      : await resolveModel(value, options);
  if (committed) {
    const { modelId, block } = committed.metadata;
    ctx.logger.info(
      `Training starts from uid ${committed.uid}'s model: ${modelId.repoId} at commit ${modelId.commit}, committed at block ${block} (${folder})`,
    );
  }
  return folder;
}

/**
 * Paths resolved against the command's working directory, and Hub ids given as
 * --pretrained_model_name_or_path, --pretrained_vae_model_name_or_path or
 * --pretrained_unet_model_name_or_path replaced by their downloaded snapshots (the trainer reads folders
 * only): the pipeline's training parts, the whole VAE or UNet repo; `uid:<n>` and `best` by the verified
 * committed model.
 */
async function resolvePaths(
  ctx: CommandContext,
  options: TrainOptions,
  argv: Readonly<Record<string, unknown>>,
): Promise<TrainOptions> {
  const at = (value: string) => path.resolve(ctx.cwd, value);
  const cacheDir = options.cacheDir ? at(options.cacheDir) : undefined;
  const resolution = await modelResolutionOptions(ctx, { cacheDir });
  const { folder: pipeline } = await resolveModel(options.pretrainedModelNameOrPath, {
    ...resolution,
    committed: false,
    flag: '--pretrained_model_name_or_path',
    download: (request) =>
      downloadPipelineParts({
        ...request,
        revision: request.revision ?? options.revision,
        variant: options.variant,
      }),
  });
  const vae = options.pretrainedVaeModelNameOrPath
    ? (
        await resolveModel(options.pretrainedVaeModelNameOrPath, {
          ...resolution,
          committed: false,
          flag: '--pretrained_vae_model_name_or_path',
        })
      ).folder
    : undefined;
  const unet = options.pretrainedUnetModelNameOrPath
    ? await resolveStartingUnet(ctx, options.pretrainedUnetModelNameOrPath, resolution, argv)
    : undefined;
  return {
    ...options,
    pretrainedModelNameOrPath: pipeline,
    ...(vae ? { pretrainedVaeModelNameOrPath: vae } : {}),
    ...(unet ? { pretrainedUnetModelNameOrPath: unet } : {}),
    trainDataDir: at(options.trainDataDir),
    outputDir: at(options.outputDir),
    loggingDir: at(options.loggingDir),
    ...(cacheDir ? { cacheDir } : {}),
    ...(options.resumeFromCheckpoint && options.resumeFromCheckpoint !== 'latest'
      ? { resumeFromCheckpoint: at(options.resumeFromCheckpoint) }
      : {}),
  };
}

/** A progress bar on a terminal (caching, then steps with loss, smoothed loss, lr, it/s, ETA); log lines otherwise. */
function trainingProgress(ctx: CommandContext): { onEvent: (event: TrainEvent) => void; finish: () => void } {
  /** The latest step's log line (off a terminal), with the trainer's own rate and ETA. */
  let stepLine = '';
  const progress = new ProgressReporter(ctx, {
    live: ctx.interactive,
    // About 50 lines over a run, whatever its length.
    logSteps: 50,
    logLine: (label, { done, total, detail }) =>
      label === 'training' ? stepLine : `${label}: ${done}/${total}, ${detail}`,
  });
  /** The latest held-out evaluation loss, shown with every later step. */
  let evalDetail = '';
  return {
    onEvent(event) {
      if (event.type === 'cache') {
        progress.update('caching', {
          done: event.done,
          total: event.total,
          detail: `${event.reused} reused`,
        });
      } else if (event.type === 'step') {
        const detail = `epoch ${event.epoch}  loss ${event.loss.toFixed(4)}  smoothed ${event.smoothedLoss.toFixed(4)}${evalDetail}  lr ${event.lr.toExponential(2)}`;
        stepLine = `step ${event.step}/${event.maxTrainSteps}  ${detail}  ${event.stepsPerSecond.toFixed(2)} it/s  ETA ${Math.round(event.etaSeconds)} s`;
        progress.update('training', {
          done: event.step,
          total: event.maxTrainSteps,
          elapsedMs: event.seconds * 1000,
          perSecond: event.stepsPerSecond,
          detail,
        });
      } else if (event.type === 'eval') {
        evalDetail = `  eval ${event.loss.toFixed(4)}`;
      }
    },
    finish: () => progress.finish(),
  };
}

/** `pixel model train sdxl`. */
export function modelTrainCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'model',
    describe: 'Train, upload and evaluate SDXL models',
    builder: (y: Argv) =>
      y
        .command({
          command: 'train',
          describe: 'Fine-tune a model',
          builder: (t: Argv) => t.command(sdxlCommand(ctx)).demandCommand(1, 'Name the model to train: sdxl'),
          handler: () => undefined,
        })
        .command(modelUploadCommand(ctx))
        .command(modelEvalCommand(ctx))
        .demandCommand(1, 'Name a subcommand: train, upload or eval'),
    handler: () => undefined,
  };
}
