import { connectSubtensor, getAllModelMetadata, getMetagraph, type Subtensor } from '@pixel/chain';
import { readAccessToken } from '@pixel/hub';
import {
  bestUid,
  downloadRemoteModel,
  RemoteModelRejectedError,
  type DownloadedRemoteModel,
} from '@pixel/miner';
import { chainCliConfig } from './chain-cli-config.js';
import type { CommandContext } from './context.js';

/** A committed model that failed a validator's check, so it is left out (with `allUids` or `best`). */
export interface RejectedCommittedModel {
  uid: number;
  /** Why, naming the uid (e.g. the config field at fault, or the hash mismatch). */
  reason: string;
}

export interface CommittedModelsRequest {
  /** Uids named explicitly: each must have a model committed that validators would accept. */
  uids: readonly number[];
  /** Also every uid with a model committed. */
  allUids?: boolean;
  /** Also the best uid: the committed model with the highest incentive. */
  best?: boolean;
  netuid: number;
  /** The parsed command line with the flags of `chainOptions`. */
  argv: Readonly<Record<string, unknown>>;
  /** Hub cache (Hugging Face layout) the snapshots are downloaded into. */
  downloadDir: string;
  hubUrl?: string;
  /** Told of each uid left out because validators would reject its model (after a logged warning). */
  onRejected?: (rejected: RejectedCommittedModel) => void;
}

/**
 * Committed models, downloaded at the committed revision and verified (hash, size, config, parameters) as
 * validators do, without loading them, in the order asked (a uid asked twice comes once). With `allUids`
 * or `best`, a uid whose model validators would reject (e.g. a crafted config.json) is left out with a
 * warning and `onRejected`, and the others still come; a uid named explicitly must pass.
 */
export async function downloadCommittedModels(
  ctx: CommandContext,
  request: CommittedModelsRequest,
): Promise<DownloadedRemoteModel[]> {
  const chain = chainCliConfig(ctx, request.argv);
  const { netuid } = request;
  ctx.logger.info(`Connecting to ${chain.network} (${chain.endpoint})`);
  let subtensor: Subtensor | undefined;
  try {
    subtensor = await connectSubtensor({ endpoint: chain.endpoint });
    const metagraph = await getMetagraph(subtensor, netuid);
    const optional = new Set<number>();
    if (request.allUids || request.best) {
      const { models } = await getAllModelMetadata(subtensor, netuid);
      const committed = metagraph.hotkeys.flatMap((hotkey, uid) => (models.has(hotkey) ? [uid] : []));
      const best = bestUid(metagraph, models);
      for (const uid of request.allUids ? committed : best === undefined ? [] : [best]) optional.add(uid);
      if (optional.size === 0) ctx.logger.warn(`No uid has a model committed on subnet ${netuid}.`);
    }
    const config = {
      subtensor,
      netuid,
      hub: {
        accessToken: await readAccessToken({ env: ctx.env, cwd: ctx.cwd }),
        hubUrl: request.hubUrl,
      },
    };
    const downloaded: DownloadedRemoteModel[] = [];
    for (const uid of new Set([...request.uids, ...optional])) {
      try {
        ctx.logger.info(`uid ${uid}: downloading and verifying its committed model`);
        downloaded.push(
          await downloadRemoteModel({ uid, metagraph, downloadDir: request.downloadDir, config }),
        );
      } catch (error) {
        if (!(error instanceof RemoteModelRejectedError) || request.uids.includes(uid)) throw error;
        ctx.logger.warn(`Skipping ${error.message}`);
        request.onRejected?.({ uid, reason: error.message });
      }
    }
    return downloaded;
  } finally {
    await subtensor?.disconnect();
  }
}
