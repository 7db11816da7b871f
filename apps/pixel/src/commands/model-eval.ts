import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getCompetition, ORIGINAL_COMPETITION_ID, PixelError, UsageError } from '@pixel/constraints';
import { downloadModel, downloadPipelineParts } from '@pixel/hub';
import {
  downloadCommittedModels,
  evaluateModels,
  locateModel,
  resolveModel,
  resolveUnetDir,
  type EvaluationCandidate,
  type EvaluationProgress,
  type EvaluationReport,
  type RejectedModel,
  type ResolveModelOptions,
} from '@pixel/miner';
import { readUnetConfig, VALIDATOR_LOSS, type BackendChoice } from '@pixel/sdxl-trainer';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { BACKEND_OPTION } from '../lib/backend-option.js';
import { chainCliConfig } from '../lib/chain-cli-config.js';
import { chainOptions } from '../lib/chain-options.js';
import type { CommandContext } from '../lib/context.js';
import { formatTable } from '../lib/format-table.js';
import { startBackend } from '../lib/start-backend.js';
import { lastValue } from '../lib/last-value.js';
import { modelResolutionOptions } from '../lib/model-resolution-options.js';
import { ProgressReporter } from '../lib/progress-reporter.js';
import { withSubtensor } from '../lib/with-subtensor.js';

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

/** What the command line asks for, every flag checked before anything is downloaded, read from the chain or run. */
interface EvalPlan {
  /** Local UNet folders (their configs already checked) and Hub ids (no `unetDir` yet), labelled as typed. */
  models: { label: string; unetDir?: string }[];
  uids: number[];
  allUids: boolean;
  best: boolean;
  dataDir: string;
  resolution: number;
  maxSamples?: number;
  /** `--cache_dir` resolved, when given. */
  cacheDir?: string;
  hubUrl?: string;
}

const positiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/**
 * Every flag checked, and every local path: the models named (each folder must hold a UNet whose config
 * the loaders accept, so a crafted one is refused here by field), the data folder, and the pipeline and VAE
 * (a folder or a Hub id). Any problem is a UsageError (exit code 2) before a backend starts or anything is
 * downloaded; the chain flags are resolved too when the chain is needed.
 */
async function checkFlags(ctx: CommandContext, args: EvalArgs & Record<string, unknown>): Promise<EvalPlan> {
  const plan: EvalPlan = {
    models: [],
    uids: [],
    allUids: !!args['all-uids'],
    best: !!args.best,
    dataDir: '',
    resolution: args.resolution,
    maxSamples: args['max-samples'],
    cacheDir: args.cache_dir ? path.resolve(ctx.cwd, args.cache_dir) : undefined,
    hubUrl: args['hub-url'] ?? ctx.env.HF_ENDPOINT,
  };
  const values = [...(args.models ?? []), ...(args.model ?? [])].map(String);
  if (values.length === 0 && !plan.allUids && !plan.best) {
    throw new UsageError(
      'Name the models to evaluate: folders, Hub ids (namespace/name[@revision]) or uid:<n>, ' +
        'as arguments or --model values, or --all-uids / --best.',
    );
  }
  if (!positiveInteger(args.resolution)) {
    throw new UsageError(
      `--resolution must be a whole number of pixels above 0, got ${String(args.resolution)} (validators use ${VALIDATOR_LOSS.resolution}).`,
    );
  }
  if (args['max-samples'] !== undefined && !positiveInteger(args['max-samples'])) {
    throw new UsageError(`--max-samples must be a whole number above 0, got ${String(args['max-samples'])}.`);
  }
  if (!args.data_dir) {
    throw new UsageError('--data_dir is required: the dataset folder (images + metadata.csv).');
  }
  plan.dataDir = path.resolve(ctx.cwd, args.data_dir);
  if (!(await stat(plan.dataDir).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(
      `--data_dir ${plan.dataDir} is not a folder: pass the folder \`pixel dataset generate\` wrote.`,
    );
  }
  if (plan.cacheDir && (await stat(plan.cacheDir).catch(() => undefined))?.isDirectory() === false) {
    throw new UsageError(`--cache_dir ${plan.cacheDir} is a file: pass a folder (it is created if missing).`);
  }
  if (plan.hubUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(plan.hubUrl)) {
    throw new UsageError(
      `${args['hub-url'] === undefined ? 'HF_ENDPOINT' : '--hub-url'} must be an http(s):// URL, got "${plan.hubUrl}".`,
    );
  }
  for (const value of values) {
    const location = await locateModel(value, { cwd: ctx.cwd, flag: '--model' });
    if (location.kind === 'committed') {
      if (location.uid === 'best') plan.best = true;
      else plan.uids.push(location.uid);
      continue;
    }
    if (location.kind === 'hub') {
      plan.models.push({ label: value });
      continue;
    }
    try {
      await readUnetConfig(path.join(await resolveUnetDir(location.folder), 'config.json'));
    } catch (error) {
      throw new UsageError(`--model ${value}: ${(error as Error).message}`, { cause: error });
    }
    plan.models.push({ label: value, unetDir: location.folder });
  }
  for (const flag of ['pretrained_model_name_or_path', 'pretrained_vae_model_name_or_path'] as const) {
    await locateModel(args[flag], { cwd: ctx.cwd, flag: `--${flag}`, committed: false });
  }
  // --netuid is checked as it is parsed (NETUID_OPTION); the endpoint flags only when the chain is read.
  if (plan.uids.length > 0 || plan.allUids || plan.best) chainCliConfig(ctx, args);
  return plan;
}

/**
 * Hub ids: a UNet repo, fetched whole (within the competition's size limit, as validators fetch it), unless
 * it is the base pipeline (`pipelineId`): then only its pipeline parts, the download the encoders come from
 * anyway. Local folders as they are. Labelled as typed, no block (not committed).
 */
async function folderCandidates(
  plan: EvalPlan,
  resolution: ResolveModelOptions,
  pipelineId: string,
): Promise<EvaluationCandidate[]> {
  const candidates: EvaluationCandidate[] = [];
  for (const model of plan.models) {
    const unetDir =
      model.unetDir ??
      (
        await resolveModel(model.label, {
          ...resolution,
          flag: '--model',
          download: model.label === pipelineId ? downloadPipelineParts : downloadModel,
        })
      ).folder;
    candidates.push({ label: model.label, unetDir });
  }
  return candidates;
}

/**
 * Committed models (see `downloadCommittedModels` of @pixel/miner), labelled by uid and played at their
 * commitment block; a uid from --all-uids or --best whose model validators would reject is left out with a
 * warning and listed in `rejected`.
 */
async function chainCandidates(
  ctx: CommandContext,
  argv: Record<string, unknown>,
  plan: EvalPlan,
  resolution: ResolveModelOptions,
  rejected: RejectedModel[],
): Promise<EvaluationCandidate[]> {
  const committed = await withSubtensor(ctx, argv, (chain) =>
    downloadCommittedModels({
      uids: plan.uids,
      allUids: plan.allUids,
      best: plan.best,
      downloadDir: resolution.cacheDir,
      config: { ...chain, hub: resolution.hub ?? {}, log: resolution.log, warn: resolution.warn },
    }),
  );
  for (const rejection of committed.rejected) {
    ctx.logger.warn(`Skipping ${rejection.reason}`);
    rejected.push(rejection);
  }
  // Verified without loading: evaluateModels loads each when its turn comes, one UNet in memory at a time.
  return committed.models.map((remote) => ({
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
  const progress = new ProgressReporter(ctx, {
    live: drawBars,
    logSteps: 1,
    logLine: (label, { done, total, elapsedMs }) => {
      const perSample = elapsedMs / 1000 / done;
      const left = perSample * (total - done);
      return (
        `${label}: ${done}/${total} samples, ${perSample.toPrecision(3)} s per sample` +
        (left > 0 ? `, about ${roughDuration(left)} left for this stage` : '')
      );
    },
  });
  // A stage's clock starts when the previous one ended, so the first sample's time (model loading included) counts.
  let stage = { key: '', at: performance.now() };
  let lastEventAt = stage.at;
  let modelsStarted = 0;
  return {
    onProgress(event) {
      const key = `${event.stage} ${event.label ?? ''}`;
      if (key !== stage.key) {
        stage = { key, at: lastEventAt };
        if (event.stage === 'evaluate') modelsStarted += 1;
      }
      lastEventAt = performance.now();
      const elapsedMs = lastEventAt - stage.at;
      if (event.stage === 'evaluate' && modelsStarted === 1 && event.done === 1) {
        const perSample = elapsedMs / 1000;
        const samplesLeft = event.total - 1 + event.total * (modelCount - 1);
        ctx.logger.info(
          `Evaluating ${modelCount} model(s) on ${event.total} samples: ${perSample.toPrecision(3)} s per sample ` +
            `measured, about ${roughDuration(perSample * samplesLeft)} to go.`,
        );
      }
      const label = event.stage === 'cache' ? 'caching' : event.label!;
      progress.update(label, { done: event.done, total: event.total, elapsedMs });
    },
    finish: () => progress.finish(),
  };
}

/** The report as printed: the evaluation, plus the committed models left out and why. */
type EvalOutput = EvaluationReport & { rejected: RejectedModel[] };

function humanReport(report: EvalOutput): string {
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
  const rejected = report.rejected.map(({ uid, reason }) => `Rejected uid ${uid} (not evaluated): ${reason}`);
  return [
    `Validator loss at ${report.resolution} px on ${report.samples} samples (epsilon ${report.epsilon}):`,
    '',
    table,
    '',
    `Best: ${report.best}`,
    ...verdicts,
    ...rejected,
  ].join('\n');
}

async function evaluate(ctx: CommandContext, argv: ArgumentsCamelCase<EvalArgs>): Promise<void> {
  const args = argv as unknown as EvalArgs & Record<string, unknown>;
  const plan = await checkFlags(ctx, args);
  const resolution = await modelResolutionOptions(ctx, { cacheDir: plan.cacheDir, hubUrl: plan.hubUrl });

  const candidates = await folderCandidates(plan, resolution, args.pretrained_model_name_or_path);
  const rejected: RejectedModel[] = [];
  if (plan.uids.length > 0 || plan.allUids || plan.best) {
    candidates.push(...(await chainCandidates(ctx, args, plan, resolution, rejected)));
  }
  if (candidates.length === 0) {
    throw new PixelError(
      rejected.length > 0
        ? `No model to evaluate: every committed model was rejected (${rejected.map(({ reason }) => reason).join(' ')}).`
        : 'No model to evaluate.',
    );
  }
  const { folder: pipelineDir } = await resolveModel(args.pretrained_model_name_or_path, {
    ...resolution,
    committed: false,
    flag: '--pretrained_model_name_or_path',
    download: downloadPipelineParts,
  });
  const { folder: vaeDir } = await resolveModel(args.pretrained_vae_model_name_or_path, {
    ...resolution,
    committed: false,
    flag: '--pretrained_vae_model_name_or_path',
  });

  const backend = await startBackend(args.backend, ctx.logger);
  if (backend.backendName === 'cpu' && plan.resolution > 256) {
    ctx.logger.warn(
      `The cpu backend is very slow at ${plan.resolution} px with a full-size SDXL UNet (minutes to hours per sample); ` +
        'the time per sample is logged after the first one. Compare with --resolution 256 --max-samples 20, ' +
        'or install the tensorflow backend.',
    );
  }
  const progress = evaluationProgress(ctx, ctx.interactive && !args.json, candidates.length);
  let report: EvaluationReport;
  try {
    report = await evaluateModels({
      candidates,
      dataDir: plan.dataDir,
      pipelineDir,
      vaeDir,
      cacheDir: path.join(plan.cacheDir ?? path.join(os.homedir(), '.cache', 'pixel'), 'pixel-eval-cache'),
      resolution: plan.resolution,
      maxSamples: plan.maxSamples,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.finish();
  }
  const output: EvalOutput = { ...report, rejected };
  ctx.stdout.write(args.json ? `${JSON.stringify(output, null, 2)}\n` : `${humanReport(output)}\n`);
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
          '$0 model eval <folder | namespace/name[@revision] | uid:<n> | best>... --data_dir <folder> [options]\n\n' +
            "Computes each model's validator loss on the dataset as subnet 17's validators do (seed 1, dataset " +
            'shuffled with seed 1, random crop, offset noise 0.1, uniform timesteps, min-SNR 5), their pairwise ' +
            'win rates under the block rule (an earlier commitment wins near-ties within epsilon), and whether each ' +
            'local model (not committed yet) would take the top win rate against the committed ones. ' +
            'Committed models (uid:<n>, --all-uids, --best) are downloaded at the committed revision and verified ' +
            'like a validator does (hash, size, config, parameters); with --all-uids or --best, a uid that fails ' +
            'is reported as rejected, with the reason, and the others are evaluated. Every flag and local folder ' +
            '(a model config included) is checked before anything is downloaded or run.\n\n' +
            'On CPU (the cpu backend) a full-size SDXL UNet at 1024 px is very slow (minutes to hours per ' +
            'sample): use --resolution and --max-samples for a quick comparison, and a tensorflow backend for ' +
            'the real number.',
        )
        .positional('models', {
          type: 'string',
          array: true,
          describe:
            'Models: local UNet or pipeline folders, Hub ids (namespace/name[@revision]), uid:<n>, best (as --best).',
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
