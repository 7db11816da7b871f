import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { getModelMetadata, type ModelMetadata } from '@pixel/chain';
import { checkModel, getCompetition, hashDirectory, type Competition } from '@pixel/constraints';
import { folderMatchesRevision, getRepoState } from '@pixel/hub';
import { convertUnetCheckpoint, type UNet2DConditionModel } from '@pixel/sdxl-trainer';
import { UploadCheckError } from '../errors.js';
import type { MinerConfig, MinerWallet, PushOptions, PushPlan, WeightsDtype } from '../types/public.js';
import { checkSubnetIsPixel } from './check-subnet-is-pixel.js';
import { checkUpload } from './check-upload.js';
import { countUnetParameters } from './count-unet-parameters.js';
import { pushRepoId } from './push-model-repo-id.js';
import { resolveUnetDir } from './resolve-unet-dir.js';

/** A push ready to go: its plan, the converted files, and what the Hub and the chain already hold of it. */
export interface PreparedPush extends PushPlan {
  competition: Competition;
  dtype: WeightsDtype;
  /** The files to upload (`<workDir>/upload`). */
  uploadDir: string;
  /** The revision already holding these files, when there is one (steps without 'upload'). */
  commit?: string;
  /** The chain's commitment of this revision, when it is already committed (steps without 'commit'). */
  committed?: ModelMetadata;
  /** The repo is public already (only an exact repo name, holding these very files, can be). */
  repoIsPublic: boolean;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/**
 * Everything a push does before it publishes anything, shared by `push` and `planPush` (the dry run), so the
 * dry run refuses whatever the push would: first `checkSubnetIsPixel` (a subnet that is recognisably another
 * project is refused unless `allowUnrecognisedSubnet`, before the Hub is asked anything or a registration on it
 * is suggested), then `checkUpload` (ids, limits, token and namespace, registration),
 * the UNet written in `dtype` into `<workDir>/upload` (a folder converted tensor by tensor: keys, shapes and
 * finite weights checked), its real size, then the repo it goes to (`pushRepoId`) and which steps are left:
 *
 * - the chain already commits a revision of that repo holding these files: publish it if it is private;
 * - the repo's head holds these files: commit it (and publish it);
 * - otherwise upload, unless the repo is public: its new revision would be downloadable before its commitment.
 */
export async function preparePush(params: {
  model: UNet2DConditionModel | string;
  options: PushOptions;
  config: MinerConfig;
  wallet: MinerWallet;
  workDir: string;
}): Promise<PreparedPush> {
  const { model, options, config, wallet } = params;
  const log = config.log ?? (() => undefined);
  await checkSubnetIsPixel(config, 'write');
  const dtype = options.dtype ?? 'bfloat16';
  const hub = { accessToken: config.hub.accessToken, hubUrl: config.hub.hubUrl };
  const requireUploadable = async (modelDir: string) => {
    const problems = await checkUpload({
      modelDir,
      repo: options.repo,
      repoSuffix: options.repoSuffix,
      competitionId: options.competitionId,
      dtype,
      ...hub,
      chain: { subtensor: config.subtensor, netuid: config.netuid, hotkey: wallet.hotkey.address },
    });
    if (problems.length > 0) throw new UploadCheckError(problems);
  };
  const uploadDir = path.join(params.workDir, 'upload');
  /** Writes the upload into a fresh folder: nothing from an earlier attempt in the same workDir is uploaded. */
  const writeUpload = async (write: () => Promise<void>) => {
    await rm(uploadDir, { recursive: true, force: true });
    await mkdir(uploadDir, { recursive: true });
    log(`Writing the UNet in ${dtype} to ${uploadDir}`);
    await write();
  };

  let parameterCount: number;
  if (typeof model === 'string') {
    // A folder is checked from its config before any weight is read: refusals come in seconds. It is then
    // converted tensor by tensor, never loaded as a model (SDXL's UNet is 10.3 GB in float32).
    await requireUploadable(model);
    const unetDir = await resolveUnetDir(model);
    parameterCount = await countUnetParameters(unetDir);
    await writeUpload(() => convertUnetCheckpoint(unetDir, uploadDir, { dtype }));
  } else {
    parameterCount = model.parameterCount();
    await writeUpload(() => model.savePretrained(uploadDir, { dtype }));
    await requireUploadable(uploadDir);
  }
  const competition = getCompetition(options.competitionId);
  const uploadBytes = await folderBytes(uploadDir);
  const violations = checkModel({ parameterCount, repoBytes: uploadBytes }, competition);
  if (violations.length > 0) {
    throw new UploadCheckError(violations.map(({ message }) => ({ check: 'repoSize', message })));
  }

  const repo = pushRepoId(
    options.repo,
    options.repoSuffix ?? { contentHash: await hashDirectory(uploadDir) },
  );
  const base = { competition, dtype, uploadDir, repo, parameterCount, uploadBytes };
  const matches = (revision: string) => folderMatchesRevision({ ...hub, repo, revision, folder: uploadDir });
  const [state, onChain] = await Promise.all([
    getRepoState({ ...hub, repo }),
    getModelMetadata(config.subtensor, config.netuid, wallet.hotkey.address),
  ]);
  if (!state) return { ...base, steps: ['upload', 'commit', 'publish'], repoIsPublic: false };

  const committedHere = onChain?.modelId.repoId === repo ? onChain : undefined;
  if (committedHere?.modelId.commit && (await matches(committedHere.modelId.commit))) {
    return {
      ...base,
      steps: state.private ? ['publish'] : [],
      commit: committedHere.modelId.commit,
      committed: committedHere,
      repoIsPublic: !state.private,
    };
  }
  if (await matches(state.head)) {
    if (!state.private) {
      log(
        `${repo} is already public with these very weights, before any commitment of yours: ` +
          'anyone could have committed them first.',
      );
    }
    return {
      ...base,
      steps: state.private ? ['commit', 'publish'] : ['commit'],
      commit: state.head,
      repoIsPublic: !state.private,
    };
  }
  if (!state.private) {
    throw new UploadCheckError([
      {
        check: 'repo',
        message:
          `${repo} is public and holds other weights: a new revision there would be downloadable by anyone ` +
          'before its chain commitment, and anyone could commit it first. Leave the suffix to its default ' +
          `(a fresh private repo per model, ${options.repo}-<content hash>) or choose an unused one (--repo_suffix).`,
      },
    ]);
  }
  return { ...base, steps: ['upload', 'commit', 'publish'], repoIsPublic: false };
}
