import { getAllModelMetadata, getMetagraph } from '@pixel/chain';
import { RemoteModelRejectedError } from '../errors.js';
import type {
  CommittedModels,
  CommittedModelsRequest,
  DownloadedRemoteModel,
  RejectedModel,
} from '../types/public.js';
import { bestUid } from './best-uid.js';
import { checkSubnetIsPixel } from './check-subnet-is-pixel.js';
import { downloadRemoteModel } from './download-remote-model.js';

/**
 * Committed models, each downloaded at its committed revision and verified as validators verify it (see
 * `downloadRemoteModel`: hash, repo size, config, parameters, weights' headers) without loading it, in the
 * order asked, a uid asked twice once. A uid named in `uids` must pass (else its RemoteModelRejectedError);
 * one chosen by `allUids` or `best` whose model validators would reject (e.g. a crafted config.json) is left
 * out and listed in `rejected`, and the others still come. The metagraph is read once for all of them. A subnet
 * that does not look like a pixel competition is warned about first (`checkSubnetIsPixel`).
 */
export async function downloadCommittedModels(request: CommittedModelsRequest): Promise<CommittedModels> {
  const { config } = request;
  const { subtensor, netuid, log } = config;
  const named = request.uids ?? [];
  await checkSubnetIsPixel(config, 'read');
  const metagraph = await getMetagraph(subtensor, netuid);
  const chosen: number[] = [];
  if (request.allUids || request.best) {
    const { models } = await getAllModelMetadata(subtensor, netuid);
    if (request.allUids) {
      metagraph.hotkeys.forEach((hotkey, uid) => models.has(hotkey) && chosen.push(uid));
    } else {
      const best = bestUid(metagraph, models);
      if (best !== undefined) chosen.push(best);
    }
    if (chosen.length === 0) log?.(`No uid has a model committed on subnet ${netuid}.`);
  }
  const downloaded: DownloadedRemoteModel[] = [];
  const rejected: RejectedModel[] = [];
  for (const uid of new Set([...named, ...chosen])) {
    log?.(`uid ${uid}: downloading and verifying its committed model`);
    try {
      downloaded.push(
        await downloadRemoteModel({ uid, metagraph, downloadDir: request.downloadDir, config }),
      );
    } catch (error) {
      if (!(error instanceof RemoteModelRejectedError) || named.includes(uid)) throw error;
      rejected.push({ uid, reason: error.message });
    }
  }
  return { models: downloaded, rejected };
}
