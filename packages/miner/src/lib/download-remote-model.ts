import { getModelMetadata, type Metagraph } from '@pixel/chain';
import { checkModel, getCompetition } from '@pixel/constraints';
import { downloadModel } from '@pixel/hub';
import { checkUnetCheckpoint } from '@pixel/sdxl-trainer';
import { RemoteModelRejectedError } from '../errors.js';
import type { DownloadedRemoteModel, MinerConfig } from '../types/public.js';
import { countUnetParameters } from './count-unet-parameters.js';

/**
 * The model uid `uid` committed, downloaded and checked as validators check it, without loading its
 * weights: the exact committed revision is downloaded into `downloadDir` (Hugging Face cache layout, size
 * limit enforced before any file is fetched), its directory hash must equal the chain's, its config must
 * be one the loaders accept (every field bounded, see readUnetConfig), its weights' headers must match that
 * config (checkUnetCheckpoint: keys, shapes, float dtypes) and its parameter count (computed from the config
 * alone) must fit the competition. Any failure is a RemoteModelRejectedError naming the uid.
 */
export async function downloadRemoteModel(params: {
  uid: number;
  metagraph: Pick<Metagraph, 'hotkeys'>;
  downloadDir: string;
  config: Pick<MinerConfig, 'subtensor' | 'netuid' | 'hub'>;
}): Promise<DownloadedRemoteModel> {
  const { uid, metagraph, downloadDir, config } = params;
  const hotkey = metagraph.hotkeys[uid];
  if (hotkey === undefined) {
    throw new Error(`uid ${uid} is not in the metagraph (uids 0..${metagraph.hotkeys.length - 1}).`);
  }
  let skipReason: string | undefined;
  const metadata = await getModelMetadata(config.subtensor, config.netuid, hotkey, {
    onSkipped: ({ reason }) => (skipReason = reason),
  });
  if (!metadata) {
    throw new RemoteModelRejectedError(
      skipReason
        ? `uid ${uid} (${hotkey}) committed something that is not a model id: ${skipReason}`
        : `uid ${uid} (${hotkey}) has no model committed on subnet ${config.netuid}.`,
    );
  }
  const { modelId } = metadata;
  if (!modelId.commit || !modelId.hash) {
    throw new RemoteModelRejectedError(
      `uid ${uid} committed ${modelId.toCompressedString()}, which lacks a commit or a hash; validators skip it.`,
    );
  }
  let competition;
  try {
    competition = getCompetition(modelId.competitionId);
  } catch (error) {
    throw new RemoteModelRejectedError(`uid ${uid}: ${(error as Error).message}`, { cause: error });
  }

  const download = await downloadModel({
    accessToken: config.hub.accessToken,
    hubUrl: config.hub.hubUrl,
    repo: modelId.repoId,
    revision: modelId.commit,
    cacheDir: downloadDir,
    competitionId: competition.id,
  });
  if (download.hash !== modelId.hash) {
    throw new RemoteModelRejectedError(
      `uid ${uid}: ${modelId.repoId} at ${modelId.commit} hashes to ${download.hash}, but the chain says ${modelId.hash}. ` +
        'Validators reject it; do not build on it.',
    );
  }
  // The config is a stranger's: countUnetParameters bounds every field before it describes anything, and a
  // config it refuses (a billion layers, a missing field) is a model validators cannot load either.
  const rejected = (error: unknown) =>
    new RemoteModelRejectedError(`uid ${uid}: ${(error as Error).message}`, { cause: error });
  let parameterCount: number;
  try {
    parameterCount = await countUnetParameters(download.snapshotDir);
  } catch (error) {
    throw rejected(error);
  }
  const violations = checkModel({ parameterCount, repoBytes: download.totalBytes }, competition);
  if (violations.length > 0) {
    throw new RemoteModelRejectedError(`uid ${uid}: ${violations.map((v) => v.message).join(' ')}`);
  }
  // Weights whose keys, shapes or dtypes do not match the config cannot be loaded (here or by validators);
  // only their headers are read.
  await checkUnetCheckpoint(download.snapshotDir).catch((error: unknown) => {
    throw rejected(error);
  });
  return {
    uid,
    hotkey,
    metadata,
    snapshotDir: download.snapshotDir,
    parameterCount,
    repoBytes: download.totalBytes,
  };
}
