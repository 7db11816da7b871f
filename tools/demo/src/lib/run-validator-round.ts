import {
  getAllModelMetadata,
  getMetagraph,
  getUidForHotkey,
  getWeights,
  setWeights,
  type KeyringPair,
  type Subtensor,
} from '@pixel/chain';
import {
  checkModel,
  getCompetition,
  listCompetitions,
  movingAverage,
  ORIGINAL_COMPETITION_ID,
  scatterWeights,
  SCORING,
  stepWeights,
} from '@pixel/constraints';
import { downloadModel } from '@pixel/hub';
import { countUnetParameters, evaluateModels } from '@pixel/miner';
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

/**
 * One round of a subnet 17 validator, with our libraries and the reference's rules: read every
 * commitment, download each committed revision anonymously, recompute its directory hash and check the
 * competition's limits; a hash already committed at an earlier block is not evaluated again; score the
 * accepted models by validator loss on fresh images; win rates with the epsilon / block rule, softmax at
 * the temperature, scattered over the metagraph, the moving average from zero (a validator's first round);
 * then set those weights on chain and read them back.
 */
export async function runValidatorRound(options: ValidatorRoundOptions): Promise<ValidatorRound> {
  const { subtensor, netuid, log } = options;
  const validatorUid = await getUidForHotkey(subtensor, netuid, options.hotkey.address);
  if (validatorUid === undefined) {
    throw new Error(`The validator hotkey ${options.hotkey.address} is not registered on subnet ${netuid}.`);
  }
  const metagraph = await getMetagraph(subtensor, netuid);
  const { models: commitments, skipped } = await getAllModelMetadata(subtensor, netuid);
  for (const { hotkey, reason } of skipped) log?.(`validator: skipping ${hotkey}: ${reason}`);

  const checked: (ValidatedModel & { snapshotDir: string })[] = [];
  const firstBlockOfHash = new Map<string, number>();
  const byBlock = [...commitments].sort(([, a], [, b]) => a.block - b.block);
  for (const [hotkey, { modelId, block }] of byBlock) {
    const uid = metagraph.hotkeys.indexOf(hotkey);
    const problems: string[] = [];
    if (!modelId.commit || !modelId.hash) {
      log?.(
        `validator: uid ${uid} committed ${modelId.toCompressedString()} without a commit or hash; skipped`,
      );
      continue;
    }
    const competition = getCompetition(modelId.competitionId);
    log?.(`validator: downloading uid ${uid}: ${modelId.repoId} at ${modelId.commit.slice(0, 12)}`);
    const download = await downloadModel({
      repo: modelId.repoId,
      revision: modelId.commit,
      cacheDir: options.downloadDir,
      hubUrl: options.hubUrl,
      competitionId: competition.id,
    });
    // The directory hash of the snapshot as downloaded, computed as validators compute it.
    const hashDownloaded = download.hash;
    if (hashDownloaded !== modelId.hash) {
      problems.push(`the downloaded revision hashes to ${hashDownloaded}, the chain says ${modelId.hash}`);
    }
    const earlier = firstBlockOfHash.get(modelId.hash);
    if (earlier !== undefined) problems.push(`the same hash was committed earlier, at block ${earlier}`);
    else firstBlockOfHash.set(modelId.hash, block);
    const parameterCount = await countUnetParameters(download.snapshotDir);
    problems.push(
      ...checkModel({ parameterCount, repoBytes: download.totalBytes }, competition).map((v) => v.message),
    );
    checked.push({
      uid,
      hotkey,
      committed: modelId.toCompressedString(),
      block,
      hashOnChain: modelId.hash,
      hashDownloaded,
      parameterCount,
      repoBytes: download.totalBytes,
      problems,
      stepWeight: 0,
      weight: 0,
      weightOnChain: 0,
      snapshotDir: download.snapshotDir,
    });
  }
  const accepted = checked.filter((model) => model.problems.length === 0);
  log?.(`validator: ${accepted.length} of ${checked.length} committed models accepted; evaluating`);
  const evaluation = await evaluateModels({
    candidates: accepted.map((model) => ({
      label: `uid ${model.uid}`,
      unetDir: model.snapshotDir,
      uid: model.uid,
      block: model.block,
    })),
    dataDir: options.dataDir,
    pipelineDir: options.pipelineDir,
    cacheDir: options.cacheDir,
    resolution: options.resolution,
    epsilon: SCORING.timestampEpsilon,
  });
  const winRate = new Map(evaluation.models.map((model) => [model.uid!, model.winRate]));
  // The reference scales one competition's weights to (number of competitions x its reward share).
  const weightsTotal = listCompetitions().length * getCompetition(ORIGINAL_COMPETITION_ID).rewardShare;
  const step = scatterWeights(
    stepWeights(winRate, SCORING.temperature),
    metagraph.hotkeys.length,
    weightsTotal,
  );
  // A validator's first round: the previous weights are all zero.
  const weights = movingAverage(
    new Array<number>(metagraph.hotkeys.length).fill(0),
    step,
    SCORING.movingAverageAlpha,
  );
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
  for (const model of checked) {
    const evaluated = evaluation.models.find((candidate) => candidate.uid === model.uid);
    if (evaluated) Object.assign(model, { averageLoss: evaluated.averageLoss, winRate: evaluated.winRate });
    model.stepWeight = step[model.uid] ?? 0;
    model.weight = weights[model.uid] ?? 0;
    model.weightOnChain = onChain.get(model.uid) ?? 0;
  }
  return {
    uid: validatorUid,
    evaluationSamples: evaluation.samples,
    resolution: evaluation.resolution,
    models: checked.map(({ snapshotDir: _, ...model }) => model),
    stepWeightsSum: step.reduce((sum, weight) => sum + weight, 0),
    weightsSum: weights.reduce((sum, weight) => sum + weight, 0),
    weightsBlock,
  };
}
