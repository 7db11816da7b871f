import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getCompetition, ORIGINAL_COMPETITION_ID } from '@pixel/constraints';
import { downloadModel, downloadPipelineParts } from '@pixel/hub';
import {
  evaluateModels,
  type EvaluationCandidate,
  type EvaluationProgress,
  type EvaluationReport,
} from '@pixel/miner';
import { selectBackend, VALIDATOR_LOSS, type BackendChoice } from '@pixel/sdxl-trainer';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { BACKEND_OPTION } from '../lib/backend-option.js';
import { chainOptions } from '../lib/chain-options.js';
import type { CommandContext } from '../lib/context.js';
import { downloadCommittedModels } from '../lib/download-committed-models.js';
import { formatTable } from '../lib/format-table.js';
import { hubCacheDir } from '../lib/hub-cache-dir.js';
import { lastValue } from '../lib/last-value.js';
import { renderProgressBar } from '../lib/progress-bar.js';
import { parseUidSpec } from '../lib/parse-uid-spec.js';
import { resolveModelFolder } from '../lib/resolve-model-folder.js';

interface EvalArgs {
  models?: string[];
  model?: string[];
  'all-uids'?: boolean;
  best?: boolean;
  data_dir?: string;
  pretrained_model_name_or_path: string;
  pretrained_vae_model_name_or_path: string;
  resolution: number;
  'max-samples'?: number;
  cache_dir?: string;
  netuid: number;
  'hub-url'?: string;
  json?: boolean;
  backend: BackendChoice;
}

/** What the command line asks for, checked before anything is downloaded or read from the chain. */
interface ModelRequest {
  /** Local folders and Hub ids, as typed. */
  folders: string[];
  uids: number[];
  allUids: boolean;
  best: boolean;
}

function parseModelRequest(args: EvalArgs): ModelRequest {
  const request: ModelRequest = { folders: [], uids: [], allUids: !!args['all-uids'], best: !!args.best };
  for (const value of [...(args.models ?? []), ...(args.model ?? [])].map(String)) {
    const uid = parseUidSpec(value, '--model');
    if (uid === undefined) request.folders.push(value);
    else request.uids.push(uid);
  }
  if (request.folders.length + request.uids.length === 0 && !request.allUids && !request.best) {
    throw new Error(
      'Name the models to evaluate: folders, Hub ids (namespace/name[@revision]) or uid:<n>, ' +
        'as arguments or --model values, or --all-uids / --best.',
    );
  }
  return request;
}

/**
 * Local folders and Hub ids: labelled as typed, no block (not committed). A Hub id is a UNet repo, fetched
 * whole (within the competition's size limit, as validators fetch it), unless it is the base pipeline
 * (`pipelineId`): then only its pipeline parts, the download the encoders come from anyway.
 */
async function folderCandidates(
  ctx: CommandContext,
  values: readonly string[],
  pipelineId: string,
  hub: { cacheDir?: string; hubUrl?: string },
): Promise<EvaluationCandidate[]> {
  const candidates: EvaluationCandidate[] = [];
  for (const value of values) {
    const unetDir = await resolveModelFolder(ctx, value, {
      ...hub,
      flag: '--model',
      download: value === pipelineId ? downloadPipelineParts : downloadModel,
    });
    candidates.push({ label: value, unetDir });
  }
  return candidates;
}

/** Committed models (see `downloadCommittedModels`), labelled by uid and played at their commitment block. */
async function chainCandidates(
  ctx: CommandContext,
  argv: Record<string, unknown>,
  request: ModelRequest,
  netuid: number,
  hub: { cacheDir: string; hubUrl?: string },
): Promise<EvaluationCandidate[]> {
  const committed = await downloadCommittedModels(ctx, {
    uids: request.uids,
    allUids: request.allUids,
    best: request.best,
    netuid,
    argv,
    downloadDir: hub.cacheDir,
    hubUrl: hub.hubUrl,
  });
  // Verified without loading: evaluateModels loads each when its turn comes, one UNet in memory at a time.
  return committed.map((remote) => ({
    label: `uid ${remote.uid}`,
    unetDir: remote.snapshotDir,
    uid: remote.uid,
    block: remote.metadata.block,
  }));
}

/** `45 s`, `12 min 5 s`, `3 h 20 min`: an estimate, not a clock. */
function roughDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * A progress bar on a terminal (unless stdout carries JSON), otherwise a log line after each stage's first
 * sample (its measured time per sample) and at its end; after the first model's first sample, the estimate
 * for every model.
 */
function evaluationProgress(
  ctx: CommandContext,
  drawBars: boolean,
  modelCount: number,
): {
  onProgress: (event: EvaluationProgress) => void;
  finish: () => void;
} {
  // A stage's clock starts when the previous one ended, so the first sample's time (model loading included) counts.
  let stage = { key: '', at: performance.now() };
  let lastEventAt = stage.at;
  let modelsStarted = 0;
  let drawn = false;
  return {
    onProgress(event) {
      const key = `${event.stage} ${event.label ?? ''}`;
      if (key !== stage.key) {
        if (drawn) ctx.stdout.write('\n');
        stage = { key, at: lastEventAt };
        drawn = false;
        if (event.stage === 'evaluate') modelsStarted += 1;
      }
      lastEventAt = performance.now();
      const elapsedMs = lastEventAt - stage.at;
      const perSample = elapsedMs / 1000 / event.done;
      const label = event.stage === 'cache' ? 'caching' : event.label!;
      if (event.stage === 'evaluate' && modelsStarted === 1 && event.done === 1) {
        const samplesLeft = event.total - 1 + event.total * (modelCount - 1);
        ctx.logger.info(
          `Evaluating ${modelCount} model(s) on ${event.total} samples: ${perSample.toPrecision(3)} s per sample ` +
            `measured, about ${roughDuration(perSample * samplesLeft)} to go.`,
        );
      }
      if (drawBars) {
        ctx.stdout.write(
          `\r\x1b[2K${renderProgressBar({ label, done: event.done, total: event.total, elapsedMs })}`,
        );
        drawn = true;
      } else if (event.done === 1 || event.done === event.total) {
        const left = perSample * (event.total - event.done);
        ctx.logger.info(
          `${label}: ${event.done}/${event.total} samples, ${perSample.toPrecision(3)} s per sample` +
            (left > 0 ? `, about ${roughDuration(left)} left for this stage` : ''),
        );
      }
    },
    finish: () => {
      if (drawn) ctx.stdout.write('\n');
    },
  };
}

function humanReport(report: EvaluationReport): string {
  const table = formatTable(
    ['model', 'uid', 'block', 'samples', 'average loss', 'win rate', 'wins'],
    report.models.map((model) => [
      model.label,
      model.uid === undefined ? '-' : String(model.uid),
      model.block === undefined ? 'not committed' : String(model.block),
      String(model.losses.length),
      model.averageLoss.toPrecision(6),
      `${(model.winRate * 100).toFixed(1)}%`,
      String(model.wins),
    ]),
  );
  const verdicts = report.verdicts.map(
    ({ label, worthPushing, reason }) =>
      `${label}: ${worthPushing ? 'worth pushing' : 'not worth pushing'}: ${reason}`,
  );
  return [
    `Validator loss at ${report.resolution} px on ${report.samples} samples (epsilon ${report.epsilon}):`,
    '',
    table,
    '',
    `Best: ${report.best}`,
    ...verdicts,
  ].join('\n');
}

async function evaluate(ctx: CommandContext, argv: ArgumentsCamelCase<EvalArgs>): Promise<void> {
  const args = argv as unknown as EvalArgs & Record<string, unknown>;
  const request = parseModelRequest(args);
  if (!args.data_dir) throw new Error('--data_dir is required: the dataset folder (images + metadata.csv).');
  const dataDir = path.resolve(ctx.cwd, args.data_dir);
  if (!(await stat(dataDir).catch(() => undefined))?.isDirectory()) {
    throw new Error(
      `--data_dir ${dataDir} is not a folder: pass the folder \`pixel dataset generate\` wrote.`,
    );
  }
  const cacheDir = args.cache_dir ? path.resolve(ctx.cwd, args.cache_dir) : undefined;
  const hubCache = hubCacheDir(ctx, cacheDir);
  const hub = { cacheDir, hubUrl: args['hub-url'] ?? ctx.env.HF_ENDPOINT };

  const candidates = await folderCandidates(ctx, request.folders, args.pretrained_model_name_or_path, hub);
  if (request.uids.length > 0 || request.allUids || request.best) {
    candidates.push(
      ...(await chainCandidates(ctx, args, request, args.netuid, { ...hub, cacheDir: hubCache })),
    );
  }
  if (candidates.length === 0) throw new Error('No model to evaluate.');
  const pipelineDir = await resolveModelFolder(ctx, args.pretrained_model_name_or_path, {
    ...hub,
    flag: '--pretrained_model_name_or_path',
    download: downloadPipelineParts,
  });
  const vaeDir = await resolveModelFolder(ctx, args.pretrained_vae_model_name_or_path, {
    ...hub,
    flag: '--pretrained_vae_model_name_or_path',
    download: downloadModel,
  });

  const backend = await selectBackend(args.backend, { log: (line) => ctx.logger.info(line) });
  if (backend.backendName === 'cpu' && args.resolution > 256) {
    ctx.logger.warn(
      `The pure-JavaScript cpu backend is very slow at ${args.resolution} px with a full-size SDXL UNet (hours per sample); ` +
        'the time per sample is logged after the first one. Compare with --resolution 256 --max-samples 20, ' +
        'or install the tensorflow backend.',
    );
  }
  const progress = evaluationProgress(ctx, ctx.interactive && !args.json, candidates.length);
  let report: EvaluationReport;
  try {
    report = await evaluateModels({
      candidates,
      dataDir,
      pipelineDir,
      vaeDir,
      cacheDir: path.join(cacheDir ?? path.join(os.homedir(), '.cache', 'pixel'), 'pixel-eval-cache'),
      resolution: args.resolution,
      maxSamples: args['max-samples'],
      onProgress: progress.onProgress,
    });
  } finally {
    progress.finish();
  }
  ctx.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${humanReport(report)}\n`);
}

/** `pixel model eval`: the validators' loss and win rates for local, Hub and committed models. */
export function modelEvalCommand(ctx: CommandContext): CommandModule<object, EvalArgs> {
  const competition = getCompetition(ORIGINAL_COMPETITION_ID);
  return {
    command: 'eval [models..]',
    describe: "Score models with the validators' loss and win rates; say whether yours is worth pushing",
    builder: (y: Argv) =>
      y
        .parserConfiguration({ 'dot-notation': false })
        .usage(
          '$0 model eval <folder | namespace/name[@revision] | uid:<n>>... --data_dir <folder> [options]\n\n' +
            "Computes each model's validator loss on the dataset as subnet 17's validators do (seed 1, dataset " +
            'shuffled with seed 1, random crop, offset noise 0.1, uniform timesteps, min-SNR 5), their pairwise ' +
            'win rates under the block rule (an earlier commitment wins near-ties within epsilon), and whether each ' +
            'local model (not committed yet) would take the top win rate against the committed ones. ' +
            'Committed models (uid:<n>, --all-uids, --best) are downloaded at the committed revision and verified ' +
            'like a validator does.\n\n' +
            'On CPU (the pure-JavaScript backend) a full-size SDXL UNet at 1024 px is very slow (hours per ' +
            'sample): use --resolution and --max-samples for a quick comparison, and a tensorflow backend for ' +
            'the real number.',
        )
        .positional('models', {
          type: 'string',
          array: true,
          describe: 'Models: local UNet or pipeline folders, Hub ids (namespace/name[@revision]), uid:<n>.',
        })
        .option('model', {
          type: 'string',
          array: true,
          describe: 'A model, as the positional arguments; repeatable.',
        })
        .option('all-uids', {
          type: 'boolean',
          describe: 'Also every uid with a model committed on the subnet.',
        })
        .option('best', {
          type: 'boolean',
          describe: 'Also the current best uid: the committed model with the highest incentive on chain.',
        })
        .option('data_dir', {
          coerce: lastValue,
          alias: 'data-dir',
          type: 'string',
          describe: 'Dataset folder (images + metadata.csv, as `pixel dataset generate` writes).',
        })
        .option('pretrained_model_name_or_path', {
          coerce: lastValue,
          type: 'string',
          default: competition.baseModel,
          describe: 'Pipeline folder or Hub id giving the tokenizers, text encoders and scheduler.',
        })
        .option('pretrained_vae_model_name_or_path', {
          coerce: lastValue,
          type: 'string',
          default: competition.vaeModel,
          describe: 'VAE folder or Hub id (validators use the fp16-fix VAE).',
        })
        .option('resolution', {
          coerce: lastValue,
          type: 'number',
          default: VALIDATOR_LOSS.resolution,
          describe: 'Crop size in pixels; validators use 1024. Smaller is much faster, but not their number.',
        })
        .option('max-samples', {
          coerce: lastValue,
          type: 'number',
          describe: 'Evaluate this many samples (a seed-1 shuffle of the dataset); default all.',
        })
        .option('cache_dir', {
          coerce: lastValue,
          type: 'string',
          describe:
            'Hub downloads (default HF_HUB_CACHE or ~/.cache/huggingface/hub) and, in pixel-eval-cache/, the ' +
            'latents and embeddings (default ~/.cache/pixel/pixel-eval-cache).',
        })
        .options(chainOptions())
        .option('hub-url', {
          coerce: lastValue,
          type: 'string',
          describe: 'Hugging Face Hub URL (also HF_ENDPOINT); default huggingface.co.',
        })
        .option('json', {
          type: 'boolean',
          describe: 'Print the report as JSON on stdout (for scripts).',
        })
        .option('backend', BACKEND_OPTION) as unknown as Argv<EvalArgs>,
    handler: (argv) => evaluate(ctx, argv),
  };
}
