import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkModel, getCompetition, ModelId } from '@pixel/constraints';
import { downloadModel, setRepoVisibility, uploadModel } from '@pixel/hub';
import { convertUnetCheckpoint, type UNet2DConditionModel } from '@pixel/sdxl-trainer';
import { UploadCheckError } from '../errors.js';
import type { MinerConfig, MinerWallet, PushOptions, PushResult } from '../types/public.js';
import { checkUpload } from './check-upload.js';
import { commitWithRetries } from './commit-with-retries.js';
import { countUnetParameters } from './count-unet-parameters.js';
import { resolveUnetDir } from './resolve-unet-dir.js';

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Throws an UploadCheckError listing every problem, if there is any. */
async function requireUploadable(
  modelDir: string,
  options: PushOptions,
  config: MinerConfig,
  wallet: MinerWallet,
): Promise<void> {
  const problems = await checkUpload({
    modelDir,
    repo: options.repo,
    competitionId: options.competitionId,
    dtype: options.dtype,
    accessToken: config.hub.accessToken,
    chain: { subtensor: config.subtensor, netuid: config.netuid, hotkey: wallet.hotkey.address },
  });
  if (problems.length > 0) throw new UploadCheckError(problems);
}

/**
 * The reference upload flow, stricter: check everything validators will, write the UNet in `dtype`
 * (bfloat16 by default; a folder is converted one tensor at a time, never loaded as a model), upload it
 * to a private repo, re-download that exact revision and hash it as validators do, commit the ModelId to
 * the chain (retrying across rate limits), and only once the commitment reads back make the repo public. If the commitment never lands the repo stays private and a
 * CommitFailedError says how to resume.
 */
export async function pushModel(params: {
  model: UNet2DConditionModel | string;
  options: PushOptions;
  config: MinerConfig;
  wallet: MinerWallet;
}): Promise<PushResult> {
  const { model, options, config, wallet } = params;
  const log = config.log ?? (() => undefined);
  const competition = getCompetition(options.competitionId);
  const dtype = options.dtype ?? 'bfloat16';
  const workDir = options.workDir ?? (await mkdtemp(path.join(tmpdir(), 'pixel-push-')));
  const uploadDir = path.join(workDir, 'upload');
  /** Writes the upload into a fresh folder: nothing from an earlier attempt in the same workDir is uploaded. */
  const writeUpload = async (write: () => Promise<void>) => {
    await rm(uploadDir, { recursive: true, force: true });
    await mkdir(uploadDir, { recursive: true });
    log(`Writing the UNet in ${dtype} to ${uploadDir}`);
    await write();
  };
  try {
    let parameterCount: number;
    if (typeof model === 'string') {
      // A folder is checked from its config before any weight is read: refusals come in seconds. It is then
      // converted tensor by tensor, never loaded as a model (SDXL's UNet is 10.3 GB in float32).
      await requireUploadable(model, options, config, wallet);
      const unetDir = await resolveUnetDir(model);
      parameterCount = await countUnetParameters(unetDir);
      await writeUpload(() => convertUnetCheckpoint(unetDir, uploadDir, { dtype }));
    } else {
      parameterCount = model.parameterCount();
      await writeUpload(() => model.savePretrained(uploadDir, { dtype }));
      await requireUploadable(uploadDir, options, config, wallet);
    }
    const violations = checkModel({ parameterCount, repoBytes: await folderBytes(uploadDir) }, competition);
    if (violations.length > 0) {
      throw new UploadCheckError(violations.map(({ message }) => ({ check: 'repoSize', message })));
    }

    const hub = { accessToken: config.hub.accessToken, hubUrl: config.hub.hubUrl };
    log(`Uploading to ${options.repo} (private until the chain commitment lands)`);
    const { commit } = await uploadModel({
      ...hub,
      repo: options.repo,
      folder: uploadDir,
      commitMessage: `Upload UNet (${dtype}) for competition ${competition.id}`,
    });
    log(`Uploaded commit ${commit}; downloading it back to hash it as validators do`);
    const { hash } = await downloadModel({
      ...hub,
      repo: options.repo,
      revision: commit,
      cacheDir: path.join(workDir, 'download'),
      competitionId: competition.id,
    });

    const [namespace = '', name = ''] = options.repo.split('/');
    const modelId = new ModelId({ namespace, name, commit, hash, competitionId: competition.id });
    log(`Committing ${modelId.toCompressedString()} to subnet ${config.netuid}`);
    const committed = await commitWithRetries({
      subtensor: config.subtensor,
      hotkey: wallet.hotkey,
      netuid: config.netuid,
      modelId,
      policy: config.commitRetry,
      log,
    });
    log(`Committed at block ${committed.block}; making ${options.repo} public`);
    try {
      await setRepoVisibility({ ...hub, repo: options.repo, visibility: 'public' });
    } catch (error) {
      throw new Error(
        `The model is committed on chain at block ${committed.block}, but making ${options.repo} public failed: ` +
          `${(error as Error).message} Make it public in the repo's settings on the Hub, or validators cannot download it.`,
        { cause: error },
      );
    }
    return { repo: options.repo, commit, hash, committed: committed.committed, block: committed.block };
  } finally {
    if (!options.workDir) await rm(workDir, { recursive: true, force: true });
  }
}
