import {
  getAllModelMetadata,
  getMetagraph,
  getUidForHotkey,
  getWeights,
  setWeights,
  type KeyringPair,
  type Metagraph,
  type Subtensor,
} from '@pixel/chain';
import {
  getCompetition,
  listCompetitions,
  movingAverage,
  ORIGINAL_COMPETITION_ID,
  scatterWeights,
  SCORING,
  stepWeights,
} from '@pixel/constraints';
import {
  downloadRemoteModel,
  evaluateModels,
  RemoteModelRejectedError,
  type EvaluationReport,
} from '@pixel/miner';
import type { ValidatedModel, ValidatorRound } from '../types.js';

export interface ValidatorRoundOptions {
  subtensor: Subtensor;
  netuid: number;
  /** The validator's hotkey: it must be registered (it signs the weights). */
  hotkey: KeyringPair;
  hubUrl: string;
  /** The fresh images the models are scored on (imagefolder). */
  dataDir: string;
  /** SDXL pipeline giving the tokenizers, text encoders, VAE and scheduler (validators use SDXL base). */
  pipelineDir: string;
  downloadDir: string;
  cacheDir: string;
  resolution: number;
  log?: (line: string) => void;
}

/** A committed model as checked, with the folder it was downloaded to when validators accept it. */
type CheckedModel = ValidatedModel & { snapshotDir?: string };

/**
 * One round of a subnet 17 validator, with our libraries and the reference's rules: read every commitment and,
 * in block order, download each committed revision anonymously and verify it as validators do (miner's
 * `downloadRemoteModel`: hash, repo size, config, parameters, weights' headers, competition); a model that fails
 * is skipped with its reason, and a hash already committed at an earlier block is not evaluated again. Then
 * score the accepted models by validator loss on fresh images, turn the win rates into weights (`roundWeights`),
 * set them on chain and read them back.
 */
export async function runValidatorRound(options: ValidatorRoundOptions): Promise<ValidatorRound> {
  const { subtensor, netuid, log } = options;
  const validatorUid = await getUidForHotkey(subtensor, netuid, options.hotkey.address);
  if (validatorUid === undefined) {
    throw new Error(`The validator hotkey ${options.hotkey.address} is not registered on subnet ${netuid}.`);
  }
  const metagraph = await getMetagraph(subtensor, netuid);
  const checked = await checkCommittedModels(options, metagraph);
  const accepted = checked.filter((model) => model.problems.length === 0);
  log?.(`validator: ${accepted.length} of ${checked.length} committed models accepted; evaluating`);
  const evaluation = await evaluateModels({
    candidates: accepted.map((model) => ({
      label: `uid ${model.uid}`,
      unetDir: model.snapshotDir!,
      uid: model.uid,
      block: model.block,
    })),
    dataDir: options.dataDir,
    pipelineDir: options.pipelineDir,
    cacheDir: options.cacheDir,
    resolution: options.resolution,
    epsilon: SCORING.timestampEpsilon,
  });
  const { step, weights } = roundWeights(evaluation, metagraph.hotkeys.length);
  const uids = weights.flatMap((weight, uid) => (weight > 0 ? [uid] : []));
  const { block: weightsBlock } = await setWeights(
    subtensor,
    options.hotkey,
    netuid,
    uids,
    uids.map((uid) => weights[uid]!),
    SCORING.weightsVersionKey,
  );
  const onChain = new Map(await getWeights(subtensor, netuid, validatorUid));
  const models = checked.map(({ snapshotDir: _, ...model }): ValidatedModel => {
    const evaluated = evaluation.models.find((candidate) => candidate.uid === model.uid);
    return {
      ...model,
      ...(evaluated && { averageLoss: evaluated.averageLoss, winRate: evaluated.winRate }),
      stepWeight: step[model.uid] ?? 0,
      weight: weights[model.uid] ?? 0,
      weightOnChain: onChain.get(model.uid) ?? 0,
    };
  });
  return {
    uid: validatorUid,
    evaluationSamples: evaluation.samples,
    resolution: evaluation.resolution,
    models,
    stepWeightsSum: step.reduce((sum, weight) => sum + weight, 0),
    weightsSum: weights.reduce((sum, weight) => sum + weight, 0),
    weightsBlock,
  };
}

/**
 * Every commitment in block order, downloaded and verified with the miner's `downloadRemoteModel` (exactly what
 * validators check), a model it rejects kept with the reason as its problem; a hash committed at an earlier
 * block is a copy, not downloaded again.
 */
async function checkCommittedModels(
  options: ValidatorRoundOptions,
  metagraph: Metagraph,
): Promise<CheckedModel[]> {
  const { subtensor, netuid, log } = options;
  const { models: commitments, skipped } = await getAllModelMetadata(subtensor, netuid);
  for (const { hotkey, reason } of skipped) log?.(`validator: skipping ${hotkey}: ${reason}`);
  const checked: CheckedModel[] = [];
  const firstBlockOfHash = new Map<string, number>();
  const byBlock = [...commitments].sort(([, a], [, b]) => a.block - b.block);
  for (const [hotkey, { modelId, block }] of byBlock) {
    const uid = metagraph.hotkeys.indexOf(hotkey);
    if (uid === -1) {
      log?.(`validator: skipping ${hotkey}: no longer registered on subnet ${netuid}`);
      continue;
    }
    const model: CheckedModel = {
      uid,
      hotkey,
      committed: modelId.toCompressedString(),
      block,
      hashOnChain: modelId.hash,
      problems: [],
      stepWeight: 0,
      weight: 0,
      weightOnChain: 0,
    };
    checked.push(model);
    const earlier = modelId.hash === undefined ? undefined : firstBlockOfHash.get(modelId.hash);
    if (earlier !== undefined) {
      model.problems.push(`the same hash was committed earlier, at block ${earlier}`);
      continue;
    }
    if (modelId.hash !== undefined) firstBlockOfHash.set(modelId.hash, block);
    log?.(`validator: downloading uid ${uid}: ${modelId.repoId} at ${modelId.commit?.slice(0, 12)}`);
    try {
      const downloaded = await downloadRemoteModel({
        uid,
        metagraph,
        downloadDir: options.downloadDir,
        config: { subtensor, netuid, hub: { hubUrl: options.hubUrl } },
      });
      // downloadRemoteModel refuses a revision whose directory hash differs from the chain's.
      Object.assign(model, {
        hashDownloaded: modelId.hash,
        parameterCount: downloaded.parameterCount,
        repoBytes: downloaded.repoBytes,
        snapshotDir: downloaded.snapshotDir,
      });
    } catch (error) {
      if (!(error instanceof RemoteModelRejectedError)) throw error;
      log?.(`validator: skipping ${error.message}`);
      model.problems.push(error.message);
    }
  }
  return checked;
}

/**
 * The reference's weights from the win rates: softmax at the temperature, scattered over the metagraph and
 * scaled to (number of competitions x this competition's reward share), then the moving average from zero
 * (a validator's first round).
 */
function roundWeights(evaluation: EvaluationReport, uidCount: number): { step: number[]; weights: number[] } {
  const winRate = new Map(evaluation.models.map((model) => [model.uid!, model.winRate]));
  const weightsTotal = listCompetitions().length * getCompetition(ORIGINAL_COMPETITION_ID).rewardShare;
  const step = scatterWeights(stepWeights(winRate, SCORING.temperature), uidCount, weightsTotal);
  const weights = movingAverage(new Array<number>(uidCount).fill(0), step, SCORING.movingAverageAlpha);
  return { step, weights };
}
