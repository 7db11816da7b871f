import { PixelError } from '@pixel/constraints';
import { downloadModel } from '@pixel/hub';
import { RemoteModelRejectedError } from '../errors.js';
import type { ResolvedModel, ResolveModelOptions } from '../types/public.js';
import { downloadCommittedModels } from './download-committed-models.js';
import { locateModel } from './locate-model.js';

/**
 * Any model reference a user can type, as a verified local folder (see `locateModel` for the grammar):
 * - a folder: as it is (whoever loads it checks it);
 * - a Hub id `namespace/name[@revision]`: its snapshot downloaded into `cacheDir` (`download`; by default the
 *   whole repo within the competition's size limit);
 * - `uid:<n>`: the model that uid committed, downloaded at the committed revision and verified exactly as
 *   validators verify it (`downloadCommittedModels`: hash, repo size, config bounds, parameter limit, weights'
 *   headers, competition); a model they would reject is a RemoteModelRejectedError naming the uid and why;
 * - `best`: the same for the uid with the highest incentive (`bestUid`), the subnet's best model to start from.
 * Committed models need `chain`. A malformed reference is a UsageError naming `flag`.
 */
export async function resolveModel(reference: string, options: ResolveModelOptions): Promise<ResolvedModel> {
  const location = await locateModel(reference, options);
  if (location.kind === 'folder') return { folder: location.folder, location };
  if (location.kind === 'hub') {
    options.log?.(`Downloading ${reference} into ${options.cacheDir}`);
    const download = options.download ?? downloadModel;
    const { snapshotDir } = await download({
      repo: location.repo,
      ...(location.revision !== undefined && { revision: location.revision }),
      cacheDir: options.cacheDir,
      ...options.hub,
    });
    return { folder: snapshotDir, location };
  }
  const prefix = `${options.flag ? `${options.flag} ` : ''}${reference}: `;
  if (!options.chain) {
    throw new PixelError(`${prefix}a committed model is read from the chain: pass resolveModel a chain.`);
  }
  const { uid } = location;
  const { models, rejected } = await downloadCommittedModels({
    uids: uid === 'best' ? [] : [uid],
    best: uid === 'best',
    downloadDir: options.cacheDir,
    config: { ...options.chain, hub: options.hub ?? {}, log: options.log, warn: options.warn },
  });
  const [committed] = models;
  if (committed) return { folder: committed.snapshotDir, location, committed };
  if (rejected[0]) {
    throw new RemoteModelRejectedError(
      `${prefix}the best uid's model fails the validators' checks, so it is no model to build on: ${rejected[0].reason}`,
    );
  }
  throw new PixelError(
    `${prefix}subnet ${options.chain.netuid} has no model committed, so there is no best model to start from. ` +
      'Name a folder, a Hub id or uid:<n> instead.',
  );
}
