import path from 'node:path';
import { ModelId } from '@pixel/constraints';
import { downloadModel, setRepoVisibility, uploadModel } from '@pixel/hub';
import type { UNet2DConditionModel } from '@pixel/sdxl-trainer';
import { PublishFailedError } from '../errors.js';
import type { MinerConfig, MinerWallet, PushOptions, PushResult } from '../types/public.js';
import { commitWithRetries } from './commit-with-retries.js';
import { preparePush } from './push-model-prepare.js';
import { withPushWorkDir } from './push-model-work-dir.js';

/**
 * The reference upload flow, stricter: check everything validators will, write the UNet in `dtype` (bfloat16
 * by default; a folder is converted one tensor at a time, never loaded as a model), upload it to a private
 * repo of its own (`<repo>-<8 hex digits of its content hash>` by default, see `pushRepoId`), re-download that
 * exact revision and hash it as validators do, commit the ModelId to the chain (retrying across rate limits),
 * and only once the commitment reads back make the repo public. No revision is downloadable before its
 * commitment, and the model committed before stays where it is, public, until then. An interrupted push
 * (killed, a commitment that never landed, a failed publication) resumes when pushed again: it finds the
 * uploaded revision, or the commitment, and does only the steps left.
 */
export async function pushModel(params: {
  model: UNet2DConditionModel | string;
  options: PushOptions;
  config: MinerConfig;
  wallet: MinerWallet;
}): Promise<PushResult> {
  const { options, config, wallet } = params;
  const log = config.log ?? (() => undefined);
  return withPushWorkDir({ workDir: options.workDir, log }, async (workDir) => {
    const prepared = await preparePush({ ...params, workDir });
    const { repo, steps, competition } = prepared;
    const hub = { accessToken: config.hub.accessToken, hubUrl: config.hub.hubUrl };

    let commit = prepared.commit;
    if (steps.includes('upload')) {
      log(`Uploading to ${repo} (private until the chain commitment lands)`);
      ({ commit } = await uploadModel({
        ...hub,
        repo,
        folder: prepared.uploadDir,
        commitMessage: `Upload UNet (${prepared.dtype}) for competition ${competition.id}`,
      }));
      log(`Uploaded commit ${commit}`);
    } else if (commit) {
      log(`${repo} already holds this model at commit ${commit}: nothing to upload`);
    }

    let committed = prepared.committed;
    if (steps.includes('commit')) {
      log(`Downloading ${repo} at ${commit} back to hash it as validators do`);
      const { hash } = await downloadModel({
        ...hub,
        repo,
        revision: commit,
        cacheDir: path.join(workDir, 'download'),
        competitionId: competition.id,
      });
      const [namespace = '', name = ''] = repo.split('/');
      const modelId = new ModelId({ namespace, name, commit, hash, competitionId: competition.id });
      log(`Committing ${modelId.toCompressedString()} to subnet ${config.netuid}`);
      const result = await commitWithRetries({
        subtensor: config.subtensor,
        hotkey: wallet.hotkey,
        netuid: config.netuid,
        modelId,
        policy: config.commitRetry,
        repoIsPublic: prepared.repoIsPublic,
        log,
      });
      committed = { modelId, block: result.block };
    } else if (committed) {
      log(`${repo} at ${commit} is already committed on chain, at block ${committed.block}`);
    }
    // Every path gives both: steps without 'commit' come with the commitment found on chain.
    const { modelId, block } = committed!;

    if (steps.includes('publish')) {
      log(`Committed at block ${block}; making ${repo} public`);
      try {
        await setRepoVisibility({ ...hub, repo, visibility: 'public' });
      } catch (error) {
        throw new PublishFailedError(repo, block, { cause: error });
      }
    }
    return {
      repo,
      steps,
      commit: modelId.commit!,
      hash: modelId.hash!,
      committed: modelId.toCompressedString(),
      block,
    };
  });
}
