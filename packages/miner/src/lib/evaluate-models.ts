import { stat } from 'node:fs/promises';
import path from 'node:path';
import { computeWins, SCORING, UsageError } from '@pixel/constraints';
import {
  cachePipelineInputs,
  DDPMScheduler,
  openImageFolder,
  readUnetConfig,
  resolveUNetConfig,
  UNet2DConditionModel,
  VALIDATOR_LOSS,
  validatorCachePass,
  validatorLosses,
  type CachedTrainingInput,
  type ResolvedUNetConfig,
  type TrainingInputCache,
} from '@pixel/sdxl-trainer';
import type {
  EvaluatedModel,
  EvaluateModelsOptions,
  EvaluationCandidate,
  EvaluationReport,
  PushVerdict,
} from '../types/public.js';
import { resolveUnetDir } from './resolve-unet-dir.js';

/**
 * Scores each candidate UNet as subnet 17's validators do (VALIDATOR_LOSS of @pixel/sdxl-trainer, the
 * recipe training's held-out loss uses too): the dataset shuffled with its seed when `maxSamples` picks a
 * subset, cached with `validatorCachePass` at `resolution`, scored with `validatorLosses`, every model
 * meeting the same noise.
 * Then every pair plays one match per sample under the validators' block rule (the earlier commitment's
 * loss counts (1 - epsilon) times), giving each model its win rate, and each uncommitted candidate a
 * verdict: would it take the top win rate against the committed ones?
 *
 * The latents and prompt embeddings are cached in `cacheDir` first (the encoders are then released); the
 * UNets are loaded one at a time and each is freed before the next (an fp32 SDXL UNet is about 10 GB).
 */
export async function evaluateModels(options: EvaluateModelsOptions): Promise<EvaluationReport> {
  const { candidates, signal } = options;
  const resolution = options.resolution ?? VALIDATOR_LOSS.resolution;
  const epsilon = options.epsilon ?? SCORING.timestampEpsilon;
  checkOptions(options, resolution, epsilon);
  // Every model folder and config is checked before the (long) caching pass, so a typo or a crafted config
  // (readUnetConfig bounds every field) fails in a second, naming the model and the field.
  const unets: { dir: string; config: ResolvedUNetConfig }[] = [];
  for (const candidate of candidates) {
    const dir = await resolveUnetDir(candidate.unetDir).catch((error: Error) => {
      throw new UsageError(`Model "${candidate.label}": ${error.message}`, { cause: error });
    });
    unets.push({ dir, config: resolveUNetConfig(await readUnetConfig(path.join(dir, 'config.json'))) });
  }

  const inputs = await cacheEvaluationInputs(options, resolution);
  const scheduler = await DDPMScheduler.fromPretrained(options.pipelineDir, { subfolder: 'scheduler' });
  const firstInput = await inputs.read(0);
  const losses: number[][] = [];
  for (const [index, candidate] of candidates.entries()) {
    signal?.throwIfAborted();
    checkUnetFitsInputs(candidate.label, unets[index]!, firstInput, resolution);
    const unet = await UNet2DConditionModel.fromPretrained(unets[index]!.dir);
    try {
      losses.push(
        await validatorLosses({
          unet,
          scheduler,
          inputs,
          signal,
          onSample: ({ done, total }) =>
            options.onProgress?.({ stage: 'evaluate', label: candidate.label, done, total }),
        }),
      );
    } finally {
      unet.dispose();
    }
  }

  const record = winRecord(losses, rankingBlocks(candidates), epsilon);
  const models: EvaluatedModel[] = candidates.map((candidate, index) => ({
    ...candidate,
    losses: losses[index]!,
    averageLoss: average(losses[index]!),
    winRate: record.winRate.get(index)!,
    wins: record.wins.get(index)!,
  }));
  return {
    samples: inputs.length,
    resolution,
    epsilon,
    models,
    best: models.reduce((best, model) => (ranksAbove(model, best) ? model : best)).label,
    verdicts: models.flatMap((model) =>
      model.block === undefined ? [pushVerdict(model, models, epsilon, inputs.length)] : [],
    ),
  };
}

function checkOptions(options: EvaluateModelsOptions, resolution: number, epsilon: number): void {
  const { candidates, maxSamples } = options;
  if (candidates.length === 0) throw new Error('No model to evaluate: give at least one candidate.');
  const labels = new Set<string>();
  for (const { label } of candidates) {
    if (labels.has(label)) {
      throw new Error(`Two candidates are labelled "${label}": give each model a distinct label.`);
    }
    labels.add(label);
  }
  if (!Number.isInteger(resolution) || resolution <= 0) {
    throw new Error(`resolution must be a positive whole number of pixels, got ${resolution}.`);
  }
  if (maxSamples !== undefined && (!Number.isInteger(maxSamples) || maxSamples <= 0)) {
    throw new Error(`maxSamples must be a positive whole number, got ${maxSamples}.`);
  }
  if (!(epsilon >= 0 && epsilon < 1)) throw new Error(`epsilon must be in [0, 1), got ${epsilon}.`);
}

async function cacheEvaluationInputs(
  options: EvaluateModelsOptions,
  resolution: number,
): Promise<TrainingInputCache> {
  const directory = path.resolve(options.dataDir);
  if (!(await stat(directory).catch(() => undefined))?.isDirectory()) {
    throw new Error(
      `Dataset folder ${directory} does not exist or is not a folder: pass the folder \`pixel dataset generate\` wrote (images + metadata.csv).`,
    );
  }
  const dataset = await openImageFolder({
    directory,
    maxTrainSamples: options.maxSamples,
    seed: VALIDATOR_LOSS.seed,
  });
  try {
    const [inputs] = await cachePipelineInputs(
      {
        pipelineDir: options.pipelineDir,
        vaeDir: options.vaeDir,
        cacheDir: options.cacheDir,
        resolution,
        signal: options.signal,
      },
      [
        validatorCachePass(dataset, ({ done, total }) =>
          options.onProgress?.({ stage: 'cache', done, total }),
        ),
      ],
    );
    return inputs!;
  } finally {
    await dataset.close();
  }
}

/**
 * Compares the UNet's config with the cached inputs before its weights are loaded: a UNet of another base
 * model (or a resolution its downsampling cannot divide) otherwise fails deep inside a convolution.
 */
function checkUnetFitsInputs(
  label: string,
  { dir: unetDir, config }: { dir: string; config: ResolvedUNetConfig },
  input: CachedTrainingInput,
  resolution: number,
): void {
  const [channels, height, width] = input.latents.shape as [number, number, number];
  const textWidth = input.promptEmbeds.shape.at(-1)!;
  const problems: string[] = [];
  if (config.inChannels !== channels) {
    problems.push(`it takes ${config.inChannels} input channels, the VAE's latents have ${channels}`);
  }
  if (config.crossAttentionDim !== textWidth) {
    problems.push(
      `its cross_attention_dim is ${config.crossAttentionDim}, the text encoders' embeddings are ${textWidth} wide`,
    );
  }
  const expected = input.pooledPromptEmbeds.shape[0]! + input.timeIds.length * config.additionTimeEmbedDim;
  if (config.projectionClassEmbeddingsInputDim !== expected) {
    problems.push(
      `its projection_class_embeddings_input_dim is ${config.projectionClassEmbeddingsInputDim}, the pooled text embeddings and time ids make ${expected}`,
    );
  }
  const downsampling = 2 ** (config.downBlockTypes.length - 1);
  if (height % downsampling !== 0 || width % downsampling !== 0) {
    const multiple = (resolution / height) * downsampling;
    problems.push(
      `its ${downsampling}x downsampling cannot divide the ${height}x${width} latents of resolution ${resolution}; use a multiple of ${multiple}`,
    );
  }
  if (problems.length > 0) {
    throw new UsageError(
      `Model "${label}" (${unetDir}) does not fit the pipeline's inputs: ${problems.join('; ')}. ` +
        'Evaluate UNets fine-tuned from the base model whose encoders and VAE you pass.',
    );
  }
}

/**
 * The block each candidate plays with: its commitment's, or for uncommitted ones a block after every
 * committed candidate, the same for all of them (none has an advantage over another).
 */
function rankingBlocks(candidates: readonly EvaluationCandidate[]): number[] {
  const committed = candidates.flatMap(({ block }) => (block === undefined ? [] : [block]));
  const later = committed.length > 0 ? Math.max(...committed) + 1 : 0;
  return candidates.map(({ block }) => block ?? later);
}

/** computeWins over candidates identified by their position. */
function winRecord(losses: readonly number[][], blocks: readonly number[], epsilon: number) {
  const ids = losses.map((_, index) => index);
  return computeWins(
    ids,
    new Map(ids.map((id) => [id, losses[id]!])),
    new Map(ids.map((id) => [id, blocks[id]!])),
    epsilon,
  );
}

/** Higher win rate first; then lower average loss; then the earlier commitment (uncommitted last). */
function ranksAbove(
  a: Pick<EvaluatedModel, 'winRate' | 'averageLoss' | 'block'>,
  b: Pick<EvaluatedModel, 'winRate' | 'averageLoss' | 'block'>,
): boolean {
  if (a.winRate !== b.winRate) return a.winRate > b.winRate;
  if (a.averageLoss !== b.averageLoss) return a.averageLoss < b.averageLoss;
  return (a.block ?? Infinity) < (b.block ?? Infinity);
}

/** The validators' view if `model` alone were committed now, after every committed candidate. */
function pushVerdict(
  model: EvaluatedModel,
  models: readonly EvaluatedModel[],
  epsilon: number,
  samples: number,
): PushVerdict {
  const committed = models.filter(({ block }) => block !== undefined);
  if (committed.length === 0) {
    return {
      label: model.label,
      worthPushing: true,
      reason:
        'no committed model among the candidates to compare with; add the current best uid to know whether it beats it.',
    };
  }
  const field = [...committed, model];
  const record = winRecord(
    field.map(({ losses }) => losses),
    rankingBlocks(field),
    epsilon,
  );
  const rated = field.map((entry, index) => ({ ...entry, winRate: record.winRate.get(index)! }));
  const own = rated.at(-1)!;
  const rival = rated.slice(0, -1).reduce((best, entry) => (ranksAbove(entry, best) ? entry : best));
  const worthPushing = own.winRate > rival.winRate;
  const loss = (value: number) => value.toPrecision(6);
  const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
  return {
    label: model.label,
    worthPushing,
    reason:
      `${worthPushing ? 'it would take' : 'it would not take'} the top win rate: ${percent(own.winRate)} vs ` +
      `${percent(rival.winRate)} for ${rival.label}, the best committed model, over ${samples} samples. ` +
      `Average loss ${loss(model.averageLoss)} vs ${loss(rival.averageLoss)}; committed later, it wins a sample ` +
      `only with a loss below (1 - ${epsilon}) x theirs (on average below ${loss((1 - epsilon) * rival.averageLoss)}, ` +
      `a margin of ${loss(epsilon * rival.averageLoss)}).`,
  };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
