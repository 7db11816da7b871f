import path from 'node:path';
import {
  TRAIN_OPTION_SPECS,
  TrainOptionsError,
  openImageFolder,
  parseTrainOptions,
  type ParsedTrainOptions,
  type TrainOptionSpec,
} from '@pixel/sdxl-trainer';
import type { Argv, CommandModule, Options } from 'yargs';
import type { CommandContext } from '../lib/context.js';

const PRINT_CONFIG = 'print-config';

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
  ].filter(Boolean);
  return {
    alias: aliases,
    describe: [spec.describe, ...details].join(' '),
    group: spec.group,
    ...(spec.type === 'string' || spec.type === 'boolean' ? { type: spec.type } : {}),
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
        .usage(
          '$0 model train sdxl --pretrained_model_name_or_path <pipeline> --train_data_dir <folder> [options]\n\n' +
            "Fine-tunes the SDXL UNet with the flags and defaults of diffusers' train_text_to_image_sdxl.py " +
            '(snake_case or kebab-case; --num_epochs is --num_train_epochs). `pixel-train` is the same command.',
        )
        .option(PRINT_CONFIG, {
          alias: 'dry-run',
          type: 'boolean',
          describe: 'Validate the flags and print the resolved options as JSON, without training.',
        });
      for (const spec of TRAIN_OPTION_SPECS) parser = parser.option(spec.flag, yargsOption(spec));
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
      if (argv[PRINT_CONFIG]) {
        ctx.stdout.write(`${JSON.stringify(options, null, 2)}\n`);
        return;
      }
      // Check the data now: a bad dataset should not wait for the models to load to be reported.
      const dataset = await openImageFolder({
        directory: path.resolve(ctx.cwd, options.trainDataDir),
        imageColumn: options.imageColumn,
        captionColumn: options.captionColumn,
        maxTrainSamples: options.maxTrainSamples,
        seed: options.seed,
        onWarning: (message) => ctx.logger.warn(message),
      });
      await dataset.close();
      ctx.logger.info(
        `${dataset.length} training samples in ${dataset.metadataPath}${dataset.skipped ? ` (${dataset.skipped} rows skipped)` : ''}`,
      );
      throw new Error(
        'The SDXL training loop is not implemented yet: the options and the dataset are valid, but no training was done. ' +
          'Use --print-config to see the resolved options.',
      );
    },
  };
}

/** `pixel model train sdxl`. */
export function modelTrainCommand(ctx: CommandContext): CommandModule {
  return {
    command: 'model',
    describe: 'Train SDXL models',
    builder: (y: Argv) =>
      y
        .command({
          command: 'train',
          describe: 'Fine-tune a model',
          builder: (t: Argv) => t.command(sdxlCommand(ctx)).demandCommand(1, 'Name the model to train: sdxl'),
          handler: () => undefined,
        })
        .demandCommand(1, 'Name a subcommand: train'),
    handler: () => undefined,
  };
}
